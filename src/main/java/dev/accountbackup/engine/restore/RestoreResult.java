package dev.accountbackup.engine.restore;

import java.util.List;

/**
 * What a restore did (or, for a dry run, would do).
 *
 * @param safetyBackupId id of the copy taken before rows were changed, in the request's safety location; null if none was needed
 * @param warnings       things the user should know that did not stop the restore (columns skipped, ...)
 * @param masked         the columns a masked copy masked, and how ({@code public.users.email: email}); empty when none
 * @param sampledAccounts the number of accounts a sample restored; 0 without a sample
 */
public record RestoreResult(
        String backupId,
        boolean dryRun,
        List<TableRestoreResult> tables,
        String safetyBackupId,
        List<String> warnings,
        List<String> masked,
        int sampledAccounts) {

    /** The result of a restore of the backup as it is. */
    public RestoreResult(
            String backupId,
            boolean dryRun,
            List<TableRestoreResult> tables,
            String safetyBackupId,
            List<String> warnings) {
        this(backupId, dryRun, tables, safetyBackupId, warnings, List.of(), 0);
    }

    /** Whether the rows were masked or sampled: the target is no copy of production. */
    public boolean maskedCopy() {
        return !masked.isEmpty() || sampledAccounts > 0;
    }
}
