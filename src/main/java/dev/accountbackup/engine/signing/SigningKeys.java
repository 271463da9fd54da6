package dev.accountbackup.engine.signing;

import dev.accountbackup.engine.BackupException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The keys that sign and check manifests: one current key for signing and any number of older
 * ones kept for checking, each under an id that manifests name. Never printed: {@link #toString()}
 * shows the ids only.
 */
public final class SigningKeys {

    /** The entry that names the current key among the others. */
    public static final String CURRENT = "current";
    /** HMAC-SHA256 keys shorter than its output would weaken it. */
    public static final int MIN_KEY_BYTES = 32;

    /** Shorter than any valid key in base64 (44 characters), so a key pasted where an id belongs is never taken for an id. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    private final String currentId;
    private final Map<String, byte[]> keys;

    private SigningKeys(String currentId, Map<String, byte[]> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /**
     * Keys from entries as a Secret or a key file holds them: {@code current} names the signing
     * key's id, every other entry is a key id with its key, base64-encoded.
     *
     * @param source where the entries come from, for error messages (e.g. "Secret 'backup-signing'")
     */
    public static SigningKeys fromEntries(Map<String, String> entries, String source) {
        String current =
                entries.get(CURRENT) == null ? null : entries.get(CURRENT).strip();
        if (current == null || current.isEmpty()) {
            throw BackupException.invalid(source + " has no entry '" + CURRENT + "' naming the key id to sign with");
        }
        Map<String, byte[]> keys = new TreeMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (!e.getKey().equals(CURRENT)) {
                keys.put(checkedId(e.getKey(), source), decode(e.getKey(), e.getValue(), source));
            }
        }
        if (!keys.containsKey(current)) {
            throw BackupException.invalid(source + " names '" + current + "' as the current key, but has no entry '"
                    + current + "' holding that key");
        }
        return new SigningKeys(current, Collections.unmodifiableMap(keys));
    }

    public String currentId() {
        return currentId;
    }

    byte[] current() {
        return keys.get(currentId);
    }

    Optional<byte[]> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        return "SigningKeys[current=" + currentId + ", ids=" + keys.keySet() + "]";
    }

    private static String checkedId(String id, String source) {
        if (!KEY_ID.matcher(id).matches()) {
            // not shown: a key pasted by mistake ends up here
            throw BackupException.invalid(
                    source + " has an entry whose name is not a valid key id (letters, digits, '.', '_'"
                            + " and '-', at most 32, starting with a letter or digit; the name is not shown in case it is a key)");
        }
        return id;
    }

    private static byte[] decode(String id, String value, String source) {
        byte[] key;
        try {
            key = Base64.getMimeDecoder().decode(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw BackupException.invalid(
                    source + " entry '" + id + "' is not base64: create keys with 'openssl rand -base64 32'");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw BackupException.invalid(source + " entry '" + id + "' holds " + key.length + " bytes, fewer than the "
                    + MIN_KEY_BYTES + " a signing key needs: create keys with 'openssl rand -base64 32'");
        }
        return key;
    }
}
