package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.BackupException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns an account key into the keyed hash the erasure ledger holds: HMAC-SHA256 under a secret
 * key, in lower-case hex, so that the ledger names no person and cannot be reversed by hashing
 * guesses without the key. Never printed.
 */
public final class ErasureHasher {

    /** HMAC-SHA256 keys shorter than its output would weaken it. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String MAC = "HmacSHA256";
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** What {@link #keyCheck()} hashes: ledger entries record it, so a restore with another key is refused, not blind. */
    private static final String CHECK_INPUT = "account-backup erasure key check";

    private final SecretKeySpec key;

    /** @param source where the key comes from, for error messages (e.g. "Secret 'account-erasure-key'") */
    public ErasureHasher(byte[] keyBytes, String source) {
        if (keyBytes == null || keyBytes.length < MIN_KEY_BYTES) {
            throw BackupException.invalid(
                    "the erasure hash key in " + source + " is shorter than " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(keyBytes, keyBytes.length), MAC);
    }

    /**
     * The keyed hash of an account key as a backup holds it: the digits of a number, the text of a
     * string; a uuid in lower case, as PostgreSQL writes it.
     */
    public String hash(String accountKey) {
        return hex(normalise(accountKey));
    }

    /** An account key as a backup holds it: a uuid in lower case, as PostgreSQL writes it; anything else as it is. */
    static String normalise(String accountKey) {
        return UUID.matcher(accountKey).matches() ? accountKey.toLowerCase(Locale.ROOT) : accountKey;
    }

    /** A short hash of a fixed text: equal for equal keys, telling nothing about the key. */
    public String keyCheck() {
        return hex(CHECK_INPUT).substring(0, 16);
    }

    private String hex(String text) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "ErasureHasher[key hidden]";
    }
}
