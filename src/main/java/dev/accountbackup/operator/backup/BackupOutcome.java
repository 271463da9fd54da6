package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.snapshot.SnapshotProgress;

/**
 * A completed backup run.
 *
 * @param manifest  the exported tables' manifest; null when the backup takes an RDS snapshot only
 * @param location  where the export is stored (a URI without credentials); null without an export
 * @param retention what retention did after a scheduled backup; null for a one-shot backup
 * @param snapshot  the RDS snapshot and its copies, all available; null without a snapshot
 */
public record BackupOutcome(Manifest manifest, String location, RetentionReport retention, SnapshotProgress snapshot) {

    public BackupOutcome(Manifest manifest, String location) {
        this(manifest, location, null, null);
    }

    BackupOutcome withRetention(RetentionReport report) {
        return new BackupOutcome(manifest, location, report, snapshot);
    }

    BackupOutcome withSnapshot(SnapshotProgress progress) {
        return new BackupOutcome(manifest, location, retention, progress);
    }
}
