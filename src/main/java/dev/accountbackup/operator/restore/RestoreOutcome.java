package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.snapshot.SnapshotRestoreProgress;

/**
 * A completed restore.
 *
 * @param result         the table restore; null for a snapshot restore alone
 * @param safetyLocation where its safety backup is (a URI without credentials), or null
 * @param snapshot       the new instance a snapshot restore created, available; null without a snapshot
 */
public record RestoreOutcome(RestoreResult result, String safetyLocation, SnapshotRestoreProgress snapshot) {

    public RestoreOutcome(RestoreResult result, String safetyLocation) {
        this(result, safetyLocation, null);
    }

    RestoreOutcome withSnapshot(SnapshotRestoreProgress progress) {
        return new RestoreOutcome(result, safetyLocation, progress);
    }
}
