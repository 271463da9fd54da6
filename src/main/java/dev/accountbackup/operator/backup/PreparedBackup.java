package dev.accountbackup.operator.backup;

import dev.accountbackup.operator.resolve.StoreOpener;

/** An export ready to start: the spec validated, its Secrets read. */
record PreparedBackup(BackupJob job, StoreOpener store, String locationPath, int tables, String where) {

    BackupAttempt attempt(String previousError) {
        return new BackupAttempt(job.backupId(), tables, where, previousError);
    }
}
