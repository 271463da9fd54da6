package dev.accountbackup.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Encryption;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key sets as users write them, and wrapped data keys that were tampered with. */
class SecretKeyringTest {

    private final String k1 = TestKeys.newKey();

    private static String refusal(Map<String, String> entries) {
        return assertThrows(BackupException.class, () -> SecretKeyring.parse(entries, "Secret 'keys'"))
                .getMessage();
    }

    @Test
    void aKeySetNeedsACurrentKeyThatItHoldsAndKeysOf32Bytes() {
        assertTrue(refusal(Map.of("k1", k1)).contains("no entry 'current'"));
        assertTrue(refusal(Map.of("current", "k2", "k1", k1)).contains("names 'k2' as its current key"));
        String shortKey = refusal(Map.of("current", "k1", "k1", "c2hvcnQ="));
        assertTrue(shortKey.contains("'k1' is not 32 bytes") && !shortKey.contains("c2hvcnQ="), shortKey);
        assertTrue(refusal(Map.of("current", "k1", "k1", "not base64 at all!")).contains("'k1' is not 32 bytes"));
        assertTrue(refusal(Map.of("current", "k1", "k1", k1, "../k2", k1)).contains("'../k2' that is no key id"));
        assertEquals(
                "k1",
                SecretKeyring.parse(Map.of("current", " k1\n", "k1", k1 + "\n"), "Secret 'keys'")
                        .currentId());
    }

    @Test
    void aWrappedDataKeyOpensForItsOwnBackupOnlyAndNeverShowsAKey() {
        SecretKeyring keys = TestKeys.keyring("k1", Map.of("k1", k1));
        DataKey made = keys.newDataKey("b1");
        assertArrayEquals(made.key(), keys.unwrap(made.manifestEntry(), "b1"));
        assertFalse(made.toString().contains(java.util.Base64.getEncoder().encodeToString(made.key())));
        assertFalse(keys.toString().contains(k1));

        BackupException moved = assertThrows(BackupException.class, () -> keys.unwrap(made.manifestEntry(), "b2"));
        assertTrue(moved.getMessage().contains("does not open the data key of backup b2"), moved.getMessage());

        Encryption garbled = new Encryption(made.manifestEntry().algorithm(), Encryption.SECRET_KEY, "k1", "AAAA");
        assertEquals(
                BackupException.Kind.CORRUPT,
                assertThrows(BackupException.class, () -> keys.unwrap(garbled, "b1"))
                        .kind());
        Encryption kms = new Encryption(made.manifestEntry().algorithm(), Encryption.KMS_KEY, "arn:aws:kms:x", "AAAA");
        assertTrue(assertThrows(BackupException.class, () -> keys.unwrap(kms, "b1"))
                .getMessage()
                .contains("KMS key arn:aws:kms:x"));
    }
}
