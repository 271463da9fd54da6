package dev.accountbackup.operator.restore;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.operator.validation.RestoreSpecValidator;
import java.util.Optional;

/**
 * Where a restore reads from and writes to, from its spec: through the AccountBackup it names, or
 * straight from storage.
 *
 * @param path           folder of the backup set below the store root
 * @param database       the database to restore into (the target, else the AccountBackup's)
 * @param backupRunning  the phase of the named AccountBackup while it has not finished yet, else null
 */
record RestoreSource(StorageSpec storage, String path, DatabaseSpec database, Phase backupRunning) {

    /**
     * @param named the AccountBackup the spec names, as the informer cache holds it
     * @throws BackupException (INVALID) when the named AccountBackup does not exist or cannot be used
     */
    static RestoreSource of(AccountRestore restore, Optional<AccountBackup> named, RestoreSpecValidator validator) {
        AccountRestoreSpec spec = restore.getSpec();
        String namespace = restore.getMetadata().getNamespace();
        DatabaseSpec target = spec.getTarget() == null ? null : spec.getTarget().getDatabase();
        if (spec.getSource() != null) {
            return new RestoreSource(
                    spec.getSource().getStorage(),
                    BackupLocation.trimSlashes(spec.getSource().getPath().strip()),
                    target,
                    null);
        }
        AccountBackup backup = named.orElse(null);
        if (backup == null || backup.getSpec() == null) {
            throw BackupException.invalid(
                    "AccountBackup '" + spec.getBackupName() + "' not found in namespace '" + namespace
                            + "': set backupName to an existing AccountBackup, or restore straight from storage with source"
                            + " (storage, and path " + namespace + "/" + spec.getBackupName() + ") and target");
        }
        validator.validateBackup(spec.getBackupName(), backup.getSpec(), target == null);
        Phase phase = backup.getStatus() == null || backup.getStatus().getPhase() == null
                ? Phase.Pending
                : backup.getStatus().getPhase();
        return new RestoreSource(
                backup.getSpec().getStorage(),
                namespace + "/" + spec.getBackupName(),
                target != null ? target : backup.getSpec().getDatabase(),
                phase.isFinal() ? null : phase);
    }
}
