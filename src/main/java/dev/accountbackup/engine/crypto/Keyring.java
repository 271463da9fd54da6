package dev.accountbackup.engine.crypto;

import dev.accountbackup.engine.manifest.Encryption;

/**
 * The key-encryption keys of a backup set: makes a fresh data key for each backup, wrapped under
 * the current key, and unwraps the data key of a backup made under any key it still holds.
 */
public interface Keyring {

    /** A new random data key for one backup, bound to its id: it unwraps for no other backup. */
    DataKey newDataKey(String backupId);

    /**
     * The data key of a backup.
     *
     * @throws dev.accountbackup.engine.BackupException INVALID naming the key needed when this keyring does not hold it,
     *                                                  CORRUPT when the wrapped key was changed
     */
    byte[] unwrap(Encryption encryption, String backupId);

    /** What the keys are, without any key material: e.g. "the key set of Secret x" or "KMS key arn:...". */
    String describe();
}
