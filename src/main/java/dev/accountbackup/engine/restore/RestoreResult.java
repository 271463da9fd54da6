package dev.accountbackup.engine.restore;

import java.util.List;

/**
 * What a restore did (or, for a dry run, would do).
 *
 * @param safetyBackupId id of the copy taken before rows were changed, in the request's safety location; null if none was needed
 * @param warnings       things the user should know that did not stop the restore (columns skipped, ...)
 * @param accounts       for a restore of chosen accounts, which of them the backup held; null for whole tables
 */
public record RestoreResult(
        String backupId,
        boolean dryRun,
        List<TableRestoreResult> tables,
        String safetyBackupId,
        List<String> warnings,
        RestoredAccounts accounts) {

    /** A restore of whole tables. */
    public RestoreResult(
            String backupId,
            boolean dryRun,
            List<TableRestoreResult> tables,
            String safetyBackupId,
            List<String> warnings) {
        this(backupId, dryRun, tables, safetyBackupId, warnings, null);
    }
}
