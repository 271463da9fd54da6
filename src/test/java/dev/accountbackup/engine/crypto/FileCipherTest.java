package dev.accountbackup.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The file cipher alone: streams of several segments, and every way a stored file can be cut or changed. */
class FileCipherTest {

    private static final int SEGMENT = 1 << 20;

    private final FileCipher cipher = new FileCipher(Base64.getDecoder().decode(TestKeys.newKey()));
    private final byte[] plain = new byte[3 * SEGMENT + 12345];

    FileCipherTest() {
        new Random(7).nextBytes(plain);
    }

    private byte[] encrypt(FileCipher c, String backupId, String file) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (OutputStream out = c.encrypt(stored, backupId, file)) {
            for (int i = 0; i < plain.length; i += 8191) {
                out.write(plain, i, Math.min(8191, plain.length - i));
            }
        }
        return stored.toByteArray();
    }

    private byte[] decrypt(FileCipher c, byte[] stored, String backupId, String file) throws IOException {
        try (InputStream in = c.decrypt(new ByteArrayInputStream(stored), backupId, file)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aStreamOfSeveralSegmentsComesBackAndCostsLittleSpace() throws IOException {
        byte[] stored = encrypt(cipher, "b1", "001-public.users.jsonl.zst");
        assertArrayEquals(plain, decrypt(cipher, stored, "b1", "001-public.users.jsonl.zst"));
        assertTrue(
                stored.length - plain.length < 200,
                "a header and a 16-byte tag per 1 MiB segment: " + (stored.length - plain.length));
    }

    @Test
    void cutAtASegmentBoundaryAnywhereElseOrChangedItIsRefused() throws IOException {
        byte[] stored = encrypt(cipher, "b1", "f");
        for (int length : new int[] {SEGMENT, 2 * SEGMENT, stored.length - 1, 10, 0}) {
            byte[] cut = Arrays.copyOf(stored, length);
            assertThrows(
                    FileCipher.DecryptionException.class, () -> decrypt(cipher, cut, "b1", "f"), "cut at " + length);
        }
        byte[] extended = Arrays.copyOf(stored, stored.length + 1);
        assertThrows(FileCipher.DecryptionException.class, () -> decrypt(cipher, extended, "b1", "f"));
        byte[] flipped = stored.clone();
        flipped[SEGMENT + 3] ^= 0x40;
        assertThrows(FileCipher.DecryptionException.class, () -> decrypt(cipher, flipped, "b1", "f"));
    }

    @Test
    void anotherNameAnotherBackupOrAnotherKeyDoesNotDecrypt() throws IOException {
        byte[] stored = encrypt(cipher, "b1", "f");
        assertThrows(FileCipher.DecryptionException.class, () -> decrypt(cipher, stored, "b1", "g"));
        assertThrows(FileCipher.DecryptionException.class, () -> decrypt(cipher, stored, "b2", "f"));
        FileCipher other = new FileCipher(Base64.getDecoder().decode(TestKeys.newKey()));
        assertThrows(FileCipher.DecryptionException.class, () -> decrypt(other, stored, "b1", "f"));
    }

    @Test
    void aStorageFailureIsReportedAsItselfNotAsDamage() throws IOException {
        byte[] stored = encrypt(cipher, "b1", "f");
        IOException network = new IOException("connection reset");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(stored)) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > SEGMENT) {
                    throw network;
                }
                int n = super.read(b, off, Math.min(len, 4096));
                read += Math.max(n, 0);
                return n;
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = cipher.decrypt(failing, "b1", "f")) {
                in.readAllBytes();
            }
        });
        assertSame(network, e);
        assertFalse(e instanceof FileCipher.DecryptionException);
        assertEquals("connection reset", e.getMessage());
    }
}
