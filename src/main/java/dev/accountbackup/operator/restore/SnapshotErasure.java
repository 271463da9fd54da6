package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.InstanceErasure;
import dev.accountbackup.engine.erasure.InstanceErasureResult;
import dev.accountbackup.engine.erasure.RestoreErasures;
import dev.accountbackup.engine.snapshot.SnapshotRestoreProgress;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.operator.erasure.ErasureSource;
import dev.accountbackup.operator.resolve.StoreOpener;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Deletes the namespace's erased accounts from the instance a snapshot restore made, once it is available and
 * before the restore succeeds: the snapshot predates erasures the ledger beside the AccountBackup's JSON backups
 * records. Runs on a job thread.
 *
 * @param storage     the AccountBackup's storage, where the ledger is; null when it keeps no JSON backups, so no ledger
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

    /** @return what was deleted; null when there is no ledger to apply */
    InstanceErasureResult apply(SnapshotRestoreProgress instance) {
        if (erasures.ignore()) {
            return InstanceErasureResult.IGNORED;
        }
        if (storage == null) {
            return null;
        }
        try (BackupStore store = storage.open()) {
            RestoreErasures ledger = erasures.forRestore(storage.location(store, backupsPath), Clock.systemUTC());
            RestoreErasures.Recognised read = ledger.recognise();
            if (read.state().isEmpty()) {
                return InstanceErasureResult.none(read.state());
            }
            return new InstanceErasure(read.state(), read.hasher(), tables).apply(login.apply(instance));
        }
    }
}
