package dev.accountbackup.operator.backup;

/**
 * What the reconciler knows about a running backup attempt.
 *
 * @param previousError why the previous attempt failed, or null
 */
public record BackupAttempt(String backupId, int tables, String where, String previousError) {
}
