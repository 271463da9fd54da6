package dev.accountbackup.engine.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import dev.accountbackup.engine.manifest.Encryption;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Encrypts and decrypts the files of one backup with its data key: Tink's streaming AEAD,
 * AES-256-GCM with per-file keys derived by HKDF-SHA256, in 1 MB segments, so memory stays flat
 * whatever the file's size. Every segment is authenticated, and so is the end of the file: a file
 * truncated, extended, changed, or moved to another name or backup does not decrypt.
 */
public final class FileCipher {

    private static final int SEGMENT_BYTES = 1 << 20;

    private final StreamingAead aead;

    public FileCipher(byte[] dataKey) {
        try {
            AesGcmHkdfStreamingParameters parameters = AesGcmHkdfStreamingParameters.builder()
                    .setKeySizeBytes(SecretKeyring.KEY_BYTES)
                    .setDerivedAesGcmKeySizeBytes(SecretKeyring.KEY_BYTES)
                    .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                    .setCiphertextSegmentSizeBytes(SEGMENT_BYTES)
                    .build();
            this.aead = AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(
                    parameters, SecretBytes.copyFrom(dataKey, InsecureSecretKeyAccess.get())));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a data key is " + SecretKeyring.KEY_BYTES + " bytes", e);
        }
    }

    /** The cipher of a backup, whose algorithm the manifest records. */
    public static boolean supports(Encryption encryption) {
        return Encryption.STREAMING_AES256_GCM_HKDF_1MB.equals(encryption.algorithm());
    }

    /** Closing the stream returned writes the last segment and closes {@code stored}. */
    public OutputStream encrypt(OutputStream stored, String backupId, String file) throws IOException {
        GcmWarmUp.encrypting();
        try {
            return aead.newEncryptingStream(stored, associatedData(backupId, file));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start encrypting " + file, e);
        }
    }

    /**
     * The plaintext of a stored file. A file that does not authenticate fails with
     * {@link DecryptionException}; failures of {@code stored} itself pass through as they are.
     */
    public InputStream decrypt(InputStream stored, String backupId, String file) throws IOException {
        GcmWarmUp.decrypting();
        ReadFailures source = new ReadFailures(stored);
        InputStream plain;
        try {
            plain = aead.newDecryptingStream(source, associatedData(backupId, file));
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("cannot start decrypting " + file, e);
        }
        return new FilterInputStream(plain) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw source.failure != null
                            ? source.failure
                            : new DecryptionException(file + " does not decrypt", e);
                }
            }
        };
    }

    /** Binds a file to its name and its backup: swapped or renamed files do not authenticate. */
    private static byte[] associatedData(String backupId, String file) {
        return ("account-backup file\n" + backupId + "\n" + file).getBytes(StandardCharsets.UTF_8);
    }

    /** A stored file that does not decrypt: wrong key, or content changed, truncated, extended or moved. */
    public static final class DecryptionException extends IOException {
        DecryptionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Remembers a failure of the stored stream, so that it is not taken for a file that does not decrypt. */
    private static final class ReadFailures extends FilterInputStream {
        private IOException failure;

        ReadFailures(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
