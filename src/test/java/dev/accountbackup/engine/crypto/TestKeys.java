package dev.accountbackup.engine.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Key sets for tests, as a Secret or a key file holds them. */
public final class TestKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {}

    /** A fresh random key, base64, as {@code openssl rand -base64 32} makes. */
    public static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Entries of a key set: {@code current} and the keys by id. */
    public static Map<String, String> entries(String current, Map<String, String> keys) {
        Map<String, String> entries = new HashMap<>(keys);
        entries.put(SecretKeyring.CURRENT, current);
        return entries;
    }

    public static SecretKeyring keyring(String current, Map<String, String> keys) {
        return SecretKeyring.parse(entries(current, keys), "the test key set");
    }
}
