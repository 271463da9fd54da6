package dev.accountbackup.engine.masking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of values under the masking salt. A purpose byte keeps the outputs of different
 * uses (an e-mail, a name, a sample) unrelated. Not thread-safe: one per stream.
 */
public final class KeyedHash {

    private final Mac mac;

    public KeyedHash(MaskSalt salt) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.bytes(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** 32 bytes that only someone holding the salt can compute from {@code value}. */
    public byte[] of(int purpose, String value) {
        mac.update((byte) purpose);
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The first 8 bytes of the hash as a number. */
    public long longOf(int purpose, String value) {
        return first8(of(purpose, value));
    }

    static long first8(byte[] hash) {
        return longAt(hash, 0);
    }

    /** Bytes {@code from} to {@code from + 8} of the hash as a number. */
    static long longAt(byte[] hash, int from) {
        long result = 0;
        for (int i = from; i < from + 8; i++) {
            result = (result << 8) | (hash[i] & 0xff);
        }
        return result;
    }
}
