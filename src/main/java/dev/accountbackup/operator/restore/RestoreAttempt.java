package dev.accountbackup.operator.restore;

/**
 * What the reconciler knows about a running restore attempt.
 *
 * @param requestedBackupId the id asked for, or null for the latest
 * @param source            where the backups are read from, without credentials
 * @param previousError     why the previous attempt failed, or null
 */
public record RestoreAttempt(String requestedBackupId, String source, TargetTables target, boolean dryRun, String previousError) {
}
