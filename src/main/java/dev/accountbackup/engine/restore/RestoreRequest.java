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

    /**
     * Starts a restore of {@code tables} (empty for all) from {@code backupId} (null or "latest" for the newest
     * complete backup): a whole-table restore in one transaction, triggers firing, no safety copy, until the builder's
     * steps say otherwise.
     */
    public static Builder of(
            BackupLocation location, String backupId, DatabaseTarget target, List<String> tables, RestoreMode mode) {
        return new Builder(location, backupId, target, tables, mode);
    }

    /** The optional parts of a restore, named; {@link #build()} checks them in the record's constructor. */
    public static final class Builder {
        private final BackupLocation location;
        private final String backupId;
        private final DatabaseTarget target;
        private final List<String> tables;
        private final RestoreMode mode;
        private boolean dryRun;
        private BackupLocation safetyLocation;
        private Map<String, String> safetyLabels = Map.of();
        private boolean disableTriggers;
        private AccountSelection accounts;
        private RestoreErasures erasures;
        private MaskedCopy maskedCopy;
        private int loadParallelism = 1;

        private Builder(
                BackupLocation location,
                String backupId,
                DatabaseTarget target,
                List<String> tables,
                RestoreMode mode) {
            this.location = location;
            this.backupId = backupId;
            this.target = target;
            this.tables = tables;
            this.mode = mode;
        }

        /** Only reports what the restore would change, and rolls back. */
        public Builder dryRun() {
            return dryRun(true);
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Saves the current content of the target tables to {@code safetyLocation} first; null to skip. */
        public Builder safetyCopyTo(BackupLocation safetyLocation) {
            return safetyCopyTo(safetyLocation, Map.of());
        }

        /** As {@link #safetyCopyTo(BackupLocation)}, with {@code labels} on the safety copy's manifest. */
        public Builder safetyCopyTo(BackupLocation safetyLocation, Map<String, String> labels) {
            this.safetyLocation = safetyLocation;
            this.safetyLabels = labels;
            return this;
        }

        /** Keeps the application's triggers on the target tables off while rows change. */
        public Builder disableTriggers() {
            return disableTriggers(true);
        }

        public Builder disableTriggers(boolean disableTriggers) {
            this.disableTriggers = disableTriggers;
            return this;
        }

        /** Restores only these accounts' rows, in the tables of their account graph; null for whole tables. */
        public Builder accounts(AccountSelection accounts) {
            this.accounts = accounts;
            return this;
        }

        /** Withholds the accounts of this erasure ledger; null for none. */
        public Builder erasures(RestoreErasures erasures) {
            this.erasures = erasures;
            return this;
        }

        /** Masks columns and/or restores a sample of the accounts; null for the backup as it is. */
        public Builder maskedCopy(MaskedCopy maskedCopy) {
            this.maskedCopy = maskedCopy;
            return this;
        }

        /** Loads on up to {@code connections} connections when it can ({@link ParallelReplace}); 1 for one transaction. */
        public Builder loadParallelism(int connections) {
            this.loadParallelism = connections;
            return this;
        }

        public RestoreRequest build() {
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
                    loadParallelism);
        }
    }
}
