package dev.accountbackup.operator.restore;

/**
 * What the reconciler knows about a running restore attempt.
 *
 * @param requestedBackupId the id asked for, or null for the latest
 * @param source            where the backups are read from, without credentials
 * @param target            the tables written; for a snapshot restore, those of the new instance
 * @param restoresTables    whether tables are restored from the JSON backup
 * @param snapshot          the snapshot restore part, or null
 * @param previousError     why the previous attempt failed, or null
 */
public record RestoreAttempt(
        String requestedBackupId,
        String source,
        RestoreTargetTables target,
        boolean dryRun,
        boolean restoresTables,
        SnapshotRestoreAttempt snapshot,
        String previousError) {

    /** E.g. "restoring the latest backup from s3://... into db:5432/shop". */
    String describe() {
        String backup = requestedBackupId == null ? "the latest backup" : "backup " + requestedBackupId;
        if (snapshot == null) {
            return (dryRun ? "dry run: checking what restoring " : "restoring ") + backup + " from " + source + " into "
                    + target.database();
        }
        return "restoring " + snapshot.describe()
                + (restoresTables ? ", then the tables of " + backup + " from " + source + " into it" : "");
    }
}
