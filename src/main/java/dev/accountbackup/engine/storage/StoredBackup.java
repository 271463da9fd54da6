package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.signing.SignatureCheck;

/**
 * One manifest found in a backup set, as {@link BackupLocation#catalog()} lists it: usable, or
 * flagged with the reason it is not listed as a backup.
 *
 * @param manifest  null when the manifest could not be read or was refused (not signed by a configured key)
 * @param signature what the signature says; null when the manifest could not be read
 * @param problem   why the backup is neither listed nor taken as latest; null when it is usable
 */
public record StoredBackup(String backupId, Manifest manifest, SignatureCheck signature, String problem) {

    public boolean usable() {
        return problem == null;
    }
}
