package dev.accountbackup.engine.crypto;

import dev.accountbackup.engine.manifest.Encryption;

/**
 * The fresh data key of one backup: the key its files are encrypted with, and how the manifest
 * records it (wrapped). Never printed.
 */
public record DataKey(byte[] key, Encryption manifestEntry) {

    @Override
    public String toString() {
        return "DataKey[" + manifestEntry.describeKey() + "]";
    }
}
