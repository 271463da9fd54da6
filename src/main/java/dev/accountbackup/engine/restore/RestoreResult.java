package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.erasure.ErasuresApplied;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restore did (or, for a dry run, would do).
 *
 * @param safetyBackupId id of the copy taken before rows were changed, in the request's safety location; null if none was needed
 * @param warnings       things the user should know that did not stop the restore (columns skipped, ...)
 * @param accounts       for a restore of chosen accounts, which of them the backup held; null for whole tables
 * @param erasures       the erasure ledger version applied and the rows withheld because of erasures
 * @param masked         the columns a masked copy masked, and how ({@code public.users.email: email}); empty when none
 * @param sampledAccounts the number of accounts a sample restored; 0 without a sample
 * @param loadConnections the connections the rows went in on: 1 in one transaction (all or nothing), more for a parallel
 *                        load that was not one transaction ({@link ParallelReplace})
 */
public record RestoreResult(
        String backupId,
        boolean dryRun,
        List<TableRestoreResult> tables,
        String safetyBackupId,
        List<String> warnings,
        RestoredAccounts accounts,
        ErasuresApplied erasures,
        List<String> masked,
        int sampledAccounts,
        int loadConnections) {

    public RestoreResult {
        erasures = erasures == null ? ErasuresApplied.NONE : erasures;
        masked = masked == null ? List.of() : masked;
        loadConnections = Math.max(1, loadConnections);
    }

    /** A restore in one transaction. */
    public RestoreResult(
            String backupId,
            boolean dryRun,
            List<TableRestoreResult> tables,
            String safetyBackupId,
            List<String> warnings,
            RestoredAccounts accounts,
            ErasuresApplied erasures,
            List<String> masked,
            int sampledAccounts) {
        this(backupId, dryRun, tables, safetyBackupId, warnings, accounts, erasures, masked, sampledAccounts, 1);
    }

    /** A restore of whole tables as they are, without erasures to report. */
    public RestoreResult(
            String backupId,
            boolean dryRun,
            List<TableRestoreResult> tables,
            String safetyBackupId,
            List<String> warnings) {
        this(backupId, dryRun, tables, safetyBackupId, warnings, null, null, List.of(), 0);
    }

    /** Whether the restore was one transaction: all of it visible at once, or nothing after a failure. */
    public boolean atomic() {
        return loadConnections == 1;
    }

    /** This result with one more warning. */
    RestoreResult warning(String warning) {
        List<String> more = new ArrayList<>(warnings);
        more.add(warning);
        return new RestoreResult(
                backupId,
                dryRun,
                tables,
                safetyBackupId,
                List.copyOf(more),
                accounts,
                erasures,
                masked,
                sampledAccounts,
                loadConnections);
    }

    /** Whether the rows were masked or sampled: the target is no copy of production. */
    public boolean maskedCopy() {
        return !masked.isEmpty() || sampledAccounts > 0;
    }
}
