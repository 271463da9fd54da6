package dev.accountbackup.operator.backup;

import dev.accountbackup.operator.resolve.StoreOpener;

/**
 * A backup run ready to start: the spec validated, its Secrets read.
 *
 * @param store             the export's store; null for a snapshot-only backup
 * @param locationPath      folder of the backup set below the store root
 * @param snapshotRetention where retention looks for the backup's snapshots after a scheduled run; null without a snapshot
 */
record PreparedBackup(
        ExportAndSnapshot run,
        StoreOpener store,
        String locationPath,
        int tables,
        String where,
        SnapshotRetentionScope snapshotRetention) {

    BackupAttempt attempt(String previousError) {
        return new BackupAttempt(
                run.backupId(),
                tables,
                where,
                run.snapshot() == null ? null : run.snapshot().attempt(),
                previousError);
    }
}
