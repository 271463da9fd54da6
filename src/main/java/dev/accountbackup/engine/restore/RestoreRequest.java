package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.RestoreErasures;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.storage.BackupLocation;
import java.util.List;
import java.util.Map;

/**
 * One restore.
 *
 * @param backupId       a backup id, or null / "latest" for the newest complete backup
 * @param tables         subset of the backup's tables to restore; empty for all
 * @param safetyLocation where the current content of the target tables is saved before rows are changed; null to skip
 * @param safetyLabels   labels for the safety copy's manifest
 * @param disableTriggers the application's triggers on the target tables stay off while rows change (else they fire, with a warning)
 * @param accounts       only these accounts' rows are restored, in the tables of their account graph; null for whole tables
 * @param erasures       the erasure ledger whose accounts are withheld from the restore
 * @param maskedCopy     masks columns and/or restores a sample of the accounts, for staging and tests; null for the backup as it is
 * @param loadParallelism connections a whole-table Replace into empty tables may load and index on at once, giving up
 *                       the one transaction ({@link ParallelReplace}); 1 for the one-transaction restore
 */
public record RestoreRequest(
        BackupLocation location,
        String backupId,
        DatabaseTarget target,
        List<String> tables,
        RestoreMode mode,
        boolean dryRun,
        BackupLocation safetyLocation,
        Map<String, String> safetyLabels,
        boolean disableTriggers,
        AccountSelection accounts,
        RestoreErasures erasures,
        MaskedCopy maskedCopy,
        int loadParallelism) {

    /** The most connections a restore loads on at once. */
    public static final int MAX_LOAD_PARALLELISM = 16;

    public RestoreRequest {
        erasures = erasures == null ? RestoreErasures.NONE : erasures;
        if (loadParallelism < 1 || loadParallelism > MAX_LOAD_PARALLELISM) {
            throw BackupException.invalid("load parallelism must be between 1 and " + MAX_LOAD_PARALLELISM + ", not "
                    + loadParallelism + ". Nothing was changed");
        }
    }

    /** A restore in one transaction. */
    public RestoreRequest(
            BackupLocation location,
            String backupId,
            DatabaseTarget target,
            List<String> tables,
            RestoreMode mode,
            boolean dryRun,
            BackupLocation safetyLocation,
            Map<String, String> safetyLabels,
            boolean disableTriggers,
            AccountSelection accounts,
            RestoreErasures erasures,
            MaskedCopy maskedCopy) {
        this(
                location,
                backupId,
                target,
                tables,
                mode,
                dryRun,
                safetyLocation,
                safetyLabels,
                disableTriggers,
                accounts,
                erasures,
                maskedCopy,
                1);
    }

    /** A restore of whole tables as they are, without an erasure ledger. */
    public RestoreRequest(
            BackupLocation location,
            String backupId,
            DatabaseTarget target,
            List<String> tables,
            RestoreMode mode,
            boolean dryRun,
            BackupLocation safetyLocation,
            Map<String, String> safetyLabels,
            boolean disableTriggers) {
        this(
                location,
                backupId,
                target,
                tables,
                mode,
                dryRun,
                safetyLocation,
                safetyLabels,
                disableTriggers,
                null,
                null,
                null);
    }

    /** This restore, honouring {@code other} erasures. */
    public RestoreRequest withErasures(RestoreErasures other) {
        return new RestoreRequest(
                location,
                backupId,
                target,
                tables,
                mode,
                dryRun,
                safetyLocation,
                safetyLabels,
                disableTriggers,
                accounts,
                other,
                maskedCopy,
                loadParallelism);
    }

    /** This restore, loading on up to {@code connections} connections when it can ({@link ParallelReplace}). */
    public RestoreRequest withLoadParallelism(int connections) {
        return new RestoreRequest(
                location,
                backupId,
                target,
                tables,
                mode,
                dryRun,
                safetyLocation,
                safetyLabels,
                disableTriggers,
                accounts,
                erasures,
                maskedCopy,
                connections);
    }

    /** A restore during which the application's triggers fire. */
    public RestoreRequest(
            BackupLocation location,
            String backupId,
            DatabaseTarget target,
            List<String> tables,
            RestoreMode mode,
            boolean dryRun,
            BackupLocation safetyLocation,
            Map<String, String> safetyLabels) {
        this(location, backupId, target, tables, mode, dryRun, safetyLocation, safetyLabels, false, null, null, null);
    }
}
