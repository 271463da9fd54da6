package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.ErasureEntry;
import dev.accountbackup.engine.erasure.InstanceErasure;
import dev.accountbackup.engine.erasure.InstanceErasureResult;
import dev.accountbackup.engine.erasure.RestoreErasures;
import dev.accountbackup.engine.erasure.RestoreRecord;
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
     * told to ignore erasures).
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
                record(ledger, instance, List.of(), InstanceErasureResult.IGNORED);
                return InstanceErasureResult.IGNORED;
            }
            RestoreErasures.Recognised read = ledger.recognise();
            InstanceErasureResult result = read.state().isEmpty()
                    ? InstanceErasureResult.none(read.state())
                    : new InstanceErasure(read.state(), read.hasher(), tables).apply(login.apply(instance));
            record(
                    ledger,
                    instance,
                    read.state().entries().stream().map(ErasureEntry::id).toList(),
                    result);
            return result;
        }
    }

    private static void record(
            RestoreErasures ledger,
            SnapshotRestoreProgress instance,
            List<String> entriesApplied,
            InstanceErasureResult result) {
        ledger.records()
                .append(new RestoreRecord(
                        null,
                        null,
                        ledger.origin() == null ? "unknown" : ledger.origin(),
                        "RDS snapshot " + instance.identifier(),
                        instance.identifier(),
                        RECORD_MODE,
                        false,
                        result.ignored(),
                        result.ledgerVersion(),
                        entriesApplied,
                        null,
                        0,
                        result.rowsDeleted()));
    }
}
