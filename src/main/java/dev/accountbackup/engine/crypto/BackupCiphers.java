package dev.accountbackup.engine.crypto;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Encryption;
import dev.accountbackup.engine.manifest.Manifest;

/** The cipher to read the files of a stored backup with, from its manifest and the keys at hand. */
public final class BackupCiphers {

    private BackupCiphers() {}

    /**
     * @param keyring the keys configured for the backup set; null when none are
     * @return null for a backup without encryption
     * @throws BackupException INVALID naming the key needed when it is not at hand
     */
    public static FileCipher forReading(Manifest manifest, Keyring keyring) {
        Encryption encryption = manifest.encryption();
        if (encryption == null) {
            return null;
        }
        if (!FileCipher.supports(encryption)) {
            throw BackupException.invalid("backup " + manifest.backupId() + " is encrypted with '"
                    + encryption.algorithm() + "', which this version does not read: upgrade the operator");
        }
        if (keyring == null) {
            throw BackupException.invalid(
                    "backup " + manifest.backupId() + " is encrypted under " + encryption.describeKey()
                            + ": configure that key (storage.encryption, or --encryption-key-file / --kms-key-id on the command line) to read it");
        }
        return new FileCipher(keyring.unwrap(encryption, manifest.backupId()));
    }
}
