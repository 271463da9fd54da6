package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.operator.BackupEngine;
import dev.accountbackup.operator.erasure.ErasureSource;
import dev.accountbackup.operator.resolve.StoreOpener;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One restore attempt, run on a job thread. The engine restores in one transaction and saves the
 * rows it changes to the safety location first.
 *
 * @param safetyPath folder of this restore's safety backups, in the same store
 * @param maskedCopy the masking and sample of a staging copy; null to restore the backup as it is
 * @param loadParallelism connections a Replace into empty tables may load on at once (1: one transaction)
 */
record RestoreJob(
        BackupEngine engine,
        StoreOpener storage,
        String backupsPath,
        String backupId,
        String safetyPath,
        DatabaseTarget target,
        List<String> tables,
        RestoreMode mode,
        boolean dryRun,
        Map<String, String> safetyLabels,
        boolean disableTriggers,
        AccountSelection accounts,
        ErasureSource erasures,
        MaskedCopy maskedCopy,
        int loadParallelism)
        implements Callable<RestoreOutcome> {

    /** The same restore into the same database on another host: a new instance restored from a snapshot. */
    RestoreJob into(String host, int port) {
        DatabaseTarget moved = target.at(host, port);
        return new RestoreJob(
                engine,
                storage,
                backupsPath,
                backupId,
                safetyPath,
                moved,
                tables,
                mode,
                dryRun,
                safetyLabels,
                disableTriggers,
                accounts,
                erasures,
                maskedCopy,
                loadParallelism);
    }

    @Override
    public RestoreOutcome call() {
        try (BackupStore store = storage.open()) {
            BackupLocation backups = storage.location(store, backupsPath);
            BackupLocation safety = backups.sibling(safetyPath);
            RestoreResult result = engine.restore(new RestoreRequest(
                    backups,
                    backupId,
                    target,
                    tables,
                    mode,
                    dryRun,
                    safety,
                    safetyLabels,
                    disableTriggers,
                    accounts,
                    erasures.forRestore(backups, Clock.systemUTC()),
                    maskedCopy,
                    loadParallelism));
            RestoreOutcome outcome = new RestoreOutcome(
                    result, result.safetyBackupId() == null ? null : safety.uri(result.safetyBackupId()));
            return DryRunDiff.add(outcome, engine, backups, target, accounts);
        }
    }
}
