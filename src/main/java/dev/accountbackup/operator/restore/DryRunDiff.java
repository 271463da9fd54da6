package dev.accountbackup.operator.restore;

import dev.accountbackup.api.RestoreDiffStatus;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.restore.AccountDiffRequest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.operator.BackupEngine;

/**
 * What a dry run of chosen accounts adds to its outcome: how those accounts differ from the backup
 * it read (the same backup id, so both halves of the status describe one backup).
 */
final class DryRunDiff {

    private DryRunDiff() {}

    /** The outcome with the accounts' diff when it is a dry run of chosen accounts; else the outcome as it is. */
    static RestoreOutcome add(
            RestoreOutcome outcome,
            BackupEngine engine,
            BackupLocation backups,
            DatabaseTarget target,
            AccountSelection accounts) {
        if (accounts == null || outcome.result() == null || !outcome.result().dryRun()) {
            return outcome;
        }
        return outcome.withDiff(engine.diff(new AccountDiffRequest(
                backups,
                outcome.result().backupId(),
                target,
                accounts.root(),
                accounts.selector(),
                RestoreDiffStatus.MAX_LISTED)));
    }
}
