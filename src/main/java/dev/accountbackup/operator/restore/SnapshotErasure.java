package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.ErasureEntry;
import dev.accountbackup.engine.erasure.InstanceErasure;
import dev.accountbackup.engine.erasure.InstanceErasureResult;
import dev.accountbackup.engine.erasure.RestoreErasures;
import dev.accountbackup.engine.erasure.RestoreRecord;
import dev.accountbackup.engine.erasure.RestoreRecords;
import dev.accountbackup.engine.snapshot.SnapshotRestoreProgress;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.operator.erasure.ErasureSource;
import dev.accountbackup.operator.resolve.StoreOpener;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Deletes the namespace's erased accounts from the instance a snapshot restore made, once it is available and
 * before the restore succeeds: the snapshot predates erasures the ledger the AccountBackup names records. Runs on a job
 * thread.
 *
 * @param storage     where the ledger is; null when the AccountBackup names none, which only a restore that ignores
 *                    erasures runs without
 * @param backupsPath the folder of the AccountBackup's backups, {@code <namespace>/<name>}
 * @param login       the login to the new instance at its endpoint; its Secrets are read only when the ledger holds erasures
 * @param tables      the AccountBackup's tables, to which the accounts' graph is confined (empty: the root table's schema)
 */
record SnapshotErasure(
        StoreOpener storage,
        String backupsPath,
        ErasureSource erasures,
        Function<SnapshotRestoreProgress, DatabaseTarget> login,
        List<String> tables) {

    SnapshotErasure {
        if (storage == null && !erasures.ignore()) {
            throw new IllegalArgumentException("a snapshot restore that honours erasures needs their ledger");
        }
    }

    /** The mode a snapshot restore's record names. */
    static final String RECORD_MODE = "Snapshot";

    /**
     * Applies the ledger and leaves the restore's record beside it, as evidence of what it applied (or that it was
     * told to ignore erasures): written just before the deletion, its outcome after, so that a deletion that fails or
     * is cut short never reads as done.
     *
     * @return what was deleted, or that erasures were ignored
     */
    InstanceErasureResult apply(SnapshotRestoreProgress instance) {
        if (storage == null) {
            return InstanceErasureResult.IGNORED; // no ledger to leave the record in
        }
        try (BackupStore store = storage.open()) {
            RestoreErasures ledger = erasures.forRestore(storage.location(store, backupsPath), Clock.systemUTC());
            if (erasures.ignore()) {
                begin(ledger, instance, null, List.of()).committed();
                return InstanceErasureResult.IGNORED;
            }
            RestoreErasures.Recognised read = ledger.recognise();
            if (read.state().isEmpty()) {
                InstanceErasureResult none = InstanceErasureResult.none(read.state());
                begin(ledger, instance, none.ledgerVersion(), List.of()).committed();
                return none;
            }
            DatabaseTarget target = login.apply(instance);
            RestoreRecords.Intent record = begin(
                    ledger,
                    instance,
                    read.state().version(),
                    read.state().entries().stream().map(ErasureEntry::id).toList());
            InstanceErasureResult result;
            try {
                result = new InstanceErasure(read.state(), read.hasher(), tables).apply(target);
            } catch (BackupException e) {
                record.rolledBack(); // the instance still holds the erased accounts: the evidence flags it
                throw e;
            }
            record.committed(result.rowsDeleted());
            return result;
        }
    }

    /** @param ledgerVersion the version about to be applied; null when told to ignore erasures */
    private static RestoreRecords.Intent begin(
            RestoreErasures ledger, SnapshotRestoreProgress instance, String ledgerVersion, List<String> entries) {
        return ledger.records()
                .begin(new RestoreRecord(
                        null,
                        null,
                        ledger.origin() == null ? "unknown" : ledger.origin(),
                        "RDS snapshot " + instance.identifier(),
                        instance.identifier(),
                        RECORD_MODE,
                        false,
                        ledgerVersion == null,
                        ledgerVersion,
                        entries,
                        null,
                        0,
                        null,
                        true,
                        true));
    }
}
