package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.erasure.ErasuresApplied;
import java.util.List;

/**
 * What a restore did (or, for a dry run, would do).
 *
 * @param safetyBackupId id of the copy taken before rows were changed, in the request's safety location; null if none was needed
 * @param warnings       things the user should know that did not stop the restore (columns skipped, ...)
 * @param accounts       for a restore of chosen accounts, which of them the backup held; null for whole tables
 * @param erasures       the erasure ledger version applied and the rows withheld because of erasures
 */
public record RestoreResult(
        String backupId,
        boolean dryRun,
        List<TableRestoreResult> tables,
        String safetyBackupId,
        List<String> warnings,
        RestoredAccounts accounts,
        ErasuresApplied erasures) {

    public RestoreResult {
        erasures = erasures == null ? ErasuresApplied.NONE : erasures;
    }

    /** A restore of whole tables, without erasures to report. */
    public RestoreResult(
            String backupId,
            boolean dryRun,
            List<TableRestoreResult> tables,
            String safetyBackupId,
            List<String> warnings) {
        this(backupId, dryRun, tables, safetyBackupId, warnings, null, null);
    }
}
