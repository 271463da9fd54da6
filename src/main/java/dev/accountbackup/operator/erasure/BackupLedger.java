package dev.accountbackup.operator.erasure;

import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.resolve.StoreOpener;
import dev.accountbackup.operator.validation.BackupSpecValidator;

/**
 * The storage of the namespace's erasure ledger an AccountBackup names (beside its backups, or its
 * snapshot.erasureLedger when it keeps only RDS snapshots), resolved within the tenant boundary as its backups'
 * storage is: erasures naming the backup write that ledger, restores of it apply it.
 */
public final class BackupLedger {

    private BackupLedger() {}

    /**
     * @return null when the backup names no ledger
     * @throws BackupException (INVALID) when the storage is malformed or reaches outside what the namespace may use,
     *     naming the field; or when one of its Secrets cannot be read
     */
    public static StoreOpener resolve(
            StorageResolver storage, String namespace, String backupName, AccountBackupSpec backup) {
        StorageSpec ledger = BackupSpecValidator.erasureLedger(backupName, backup);
        if (ledger == null || ledger == backup.getStorage()) {
            return ledger == null ? null : storage.resolve(namespace, ledger);
        }
        try {
            return storage.resolve(namespace, ledger);
        } catch (BackupException e) {
            throw new BackupException(
                    e.kind(),
                    "AccountBackup '" + backupName + "' " + BackupSpecValidator.ERASURE_LEDGER_FIELD + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
