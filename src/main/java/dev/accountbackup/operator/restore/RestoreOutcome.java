package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.erasure.InstanceErasureResult;
import dev.accountbackup.engine.restore.AccountDiffResult;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.snapshot.SnapshotRestoreProgress;

/**
 * A completed restore.
 *
 * @param result            the table restore; null for a snapshot restore alone
 * @param safetyLocation    where its safety backup is (a URI without credentials), or null
 * @param snapshot          the new instance a snapshot restore created, available; null without a snapshot
 * @param diff              for a dry run of chosen accounts, how they differ from the backup; else null
 * @param instanceErasures  the erased accounts deleted from that new instance (or that erasures were ignored); null
 *                          without a snapshot
 */
public record RestoreOutcome(
        RestoreResult result,
        String safetyLocation,
        SnapshotRestoreProgress snapshot,
        AccountDiffResult diff,
        InstanceErasureResult instanceErasures) {

    public RestoreOutcome(RestoreResult result, String safetyLocation) {
        this(result, safetyLocation, null, null, null);
    }

    public RestoreOutcome(RestoreResult result, String safetyLocation, SnapshotRestoreProgress snapshot) {
        this(result, safetyLocation, snapshot, null, null);
    }

    public RestoreOutcome(
            RestoreResult result, String safetyLocation, SnapshotRestoreProgress snapshot, AccountDiffResult diff) {
        this(result, safetyLocation, snapshot, diff, null);
    }

    RestoreOutcome withSnapshot(SnapshotRestoreProgress progress) {
        return new RestoreOutcome(result, safetyLocation, progress, diff, instanceErasures);
    }

    RestoreOutcome withDiff(AccountDiffResult accounts) {
        return new RestoreOutcome(result, safetyLocation, snapshot, accounts, instanceErasures);
    }

    RestoreOutcome withInstanceErasures(InstanceErasureResult erased) {
        return new RestoreOutcome(result, safetyLocation, snapshot, diff, erased);
    }
}
