package dev.accountbackup.engine.crypto;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Encryption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key-encryption keys held by the user (a Kubernetes Secret, a key file): several keys by id, one of
 * them current. New backups get their data key wrapped under the current key with AES-256-GCM;
 * backups made under an older key stay readable while that key is in the set, which is how keys rotate.
 * <p>
 * The set is a map of entries: {@code current} names the current key's id, and every other entry is a
 * key id with 32 random bytes in base64 as value ({@code openssl rand -base64 32}).
 */
public final class SecretKeyring implements Keyring {

    public static final String CURRENT = "current";
    static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> keys;
    private final String currentId;
    private final String where;

    private SecretKeyring(Map<String, byte[]> keys, String currentId, String where) {
        this.keys = keys;
        this.currentId = currentId;
        this.where = where;
    }

    /**
     * Reads a key set; errors name the entry to fix, never a value.
     *
     * @param where where the entries come from, for messages: e.g. "Secret 'backup-keys' in namespace 'shop'"
     */
    public static SecretKeyring parse(Map<String, String> entries, String where) {
        String current = entries.get(CURRENT);
        if (current == null || current.isBlank()) {
            throw BackupException.invalid(
                    where + " has no entry '" + CURRENT + "': add it with the id of the key that encrypts new backups");
        }
        current = current.strip();
        Map<String, byte[]> keys = new TreeMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (e.getKey().equals(CURRENT)) {
                continue;
            }
            if (!KEY_ID.matcher(e.getKey()).matches()) {
                throw BackupException.invalid(where + " has an entry '" + e.getKey()
                        + "' that is no key id: use up to 63 letters," + " digits, '.', '_' and '-'");
            }
            keys.put(e.getKey(), decodeKey(e.getKey(), e.getValue(), where));
        }
        if (!keys.containsKey(current)) {
            throw BackupException.invalid(where + " names '" + current + "' as its current key, but has no entry '"
                    + current + "' with that key");
        }
        return new SecretKeyring(keys, current, where);
    }

    private static byte[] decodeKey(String id, String value, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != KEY_BYTES) {
            throw BackupException.invalid(where + ": the key '" + id + "' is not " + KEY_BYTES
                    + " bytes in base64; make one with" + " 'openssl rand -base64 32'");
        }
        return key;
    }

    @Override
    public DataKey newDataKey(String backupId) {
        byte[] dataKey = new byte[KEY_BYTES];
        RANDOM.nextBytes(dataKey);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed =
                    cipher(Cipher.ENCRYPT_MODE, currentId, nonce, backupId).doFinal(dataKey);
            byte[] wrapped = ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return new DataKey(
                    dataKey,
                    new Encryption(
                            Encryption.STREAMING_AES256_GCM_HKDF_1MB,
                            Encryption.SECRET_KEY,
                            currentId,
                            Base64.getEncoder().encodeToString(wrapped)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES-GCM", e);
        }
    }

    @Override
    public byte[] unwrap(Encryption encryption, String backupId) {
        String keyId = encryption.keyId();
        if (!Encryption.SECRET_KEY.equals(encryption.keyType()) || !keys.containsKey(keyId)) {
            throw BackupException.invalid(
                    "backup " + backupId + " is encrypted under " + encryption.describeKey() + ", which " + describe()
                            + " does not hold: add that key to it (keys of older backups must stay until those backups expire)");
        }
        byte[] wrapped;
        try {
            wrapped =
                    Base64.getDecoder().decode(encryption.wrappedDataKey() == null ? "" : encryption.wrappedDataKey());
        } catch (IllegalArgumentException e) {
            wrapped = new byte[0];
        }
        if (wrapped.length != NONCE_BYTES + KEY_BYTES + TAG_BITS / 8) {
            throw new BackupException(
                    BackupException.Kind.CORRUPT,
                    "the manifest of backup " + backupId + " holds no valid wrapped data key");
        }
        try {
            byte[] nonce = Arrays.copyOf(wrapped, NONCE_BYTES);
            return cipher(Cipher.DECRYPT_MODE, keyId, nonce, backupId)
                    .doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw BackupException.invalid(
                    "the key '" + keyId + "' of " + describe() + " does not open the data key of backup " + backupId
                            + ": the key under that id is not the one the backup was made with, or the manifest was changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES-GCM", e);
        }
    }

    /** The wrap is bound to the key id and the backup id, so a wrapped key moved to another manifest does not open. */
    private Cipher cipher(int mode, String keyId, byte[] nonce, String backupId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(keys.get(keyId), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(("account-backup data key\n" + keyId + "\n" + backupId).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** The id of the key new backups are wrapped under. */
    public String currentId() {
        return currentId;
    }

    @Override
    public String describe() {
        return "the encryption key set of " + where;
    }

    @Override
    public String toString() {
        return "SecretKeyring[" + where + ", current=" + currentId + ", ids=" + keys.keySet() + "]";
    }
}
