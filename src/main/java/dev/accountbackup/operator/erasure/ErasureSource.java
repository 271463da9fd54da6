package dev.accountbackup.operator.erasure;

import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.LedgerTable;
import dev.accountbackup.engine.erasure.RestoreErasures;
import dev.accountbackup.engine.storage.BackupLocation;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The erasure ledger an operator restore honours: {@code <namespace>/_erasures/} in the store of the
 * backups, where the namespace is the one that owns the backups read (the first folder of their path).
 *
 * @param hashKey reads the namespace's erasure key Secret when the ledger holds entries
 * @param ignore  the spec says ignoreErasures
 * @param table   the application's erasure table (spec.ledgerTable); null for none
 * @param origin  the AccountRestore, as its restores' records name it
 */
public record ErasureSource(Supplier<ErasureHasher> hashKey, boolean ignore, LedgerTable table, String origin) {

    public ErasureSource(Supplier<ErasureHasher> hashKey, boolean ignore) {
        this(hashKey, ignore, null, null);
    }

    /** The record of a restore names its AccountRestore so. */
    public static String origin(String namespace, String name) {
        return "AccountRestore " + namespace + "/" + name;
    }

    /** The folder holding a namespace's ledger, for backups at {@code backupsPath}. */
    public static String ledgerFolder(String backupsPath) {
        String path = BackupLocation.trimSlashes(backupsPath);
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    /** The erasures of a restore reading {@code backups}. */
    public RestoreErasures forRestore(BackupLocation backups, Clock clock) {
        ErasureLedger ledger =
                new ErasureLedger(backups.store(), ledgerFolder(backups.path()), backups.signer(), clock);
        return new RestoreErasures(ledger, hashKey, ignore, table, origin);
    }
}
