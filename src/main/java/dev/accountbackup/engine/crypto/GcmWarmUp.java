package dev.accountbackup.engine.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the JIT compiler to turn the JDK's AES-GCM code into the processor's AES and carry-less multiply instructions
 * before a backup's files need it. The JDK compiles that code only once it has been called often: the few large
 * calls of a backup (one per 1 MB segment) never get there, so a fresh process (a Job, the command line) would
 * encrypt or decrypt a whole backup at under 100 MB/s instead of over 1 GB/s. Many small calls with a throwaway key,
 * on a background thread, once per process and direction, get it compiled in about half a second of one core.
 */
final class GcmWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(GcmWarmUp.class);

    /** Enough calls for the JDK's thresholds (C2 compiles after thousands of calls), small enough to cost little. */
    private static final int CALLS = 12_000;

    private static final int BYTES = 1024;
    private static final int TAG_BITS = 128;

    private static final AtomicBoolean ENCRYPTING = new AtomicBoolean();
    private static final AtomicBoolean DECRYPTING = new AtomicBoolean();

    private GcmWarmUp() {}

    /** Starts warming up encryption, the first time a process encrypts. */
    static void encrypting() {
        if (ENCRYPTING.compareAndSet(false, true)) {
            start(Cipher.ENCRYPT_MODE);
        }
    }

    /** Starts warming up decryption, the first time a process decrypts. */
    static void decrypting() {
        if (DECRYPTING.compareAndSet(false, true)) {
            start(Cipher.DECRYPT_MODE);
        }
    }

    private static void start(int mode) {
        Thread thread = new Thread(() -> run(mode), "aes-gcm-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** The calls Tink makes (heap buffers, one call per segment), on data and a key that are thrown away. */
    private static void run(int mode) {
        try {
            byte[] keyBytes = new byte[32];
            new SecureRandom().nextBytes(keyBytes);
            SecretKey key = new SecretKeySpec(keyBytes, "AES");
            byte[] iv = new byte[12];
            ByteBuffer plain = ByteBuffer.allocate(BYTES);
            ByteBuffer sealed = ByteBuffer.allocate(BYTES + TAG_BITS / 8);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.doFinal(plain, sealed);
            for (int call = 0; call < CALLS; call++) {
                if (mode == Cipher.ENCRYPT_MODE) {
                    // a key and nonce pair is never used twice to encrypt, even with a throwaway key
                    iv[0] = (byte) call;
                    iv[1] = (byte) (call >>> 8);
                    iv[2] = 1;
                    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
                    plain.clear();
                    sealed.clear();
                    cipher.doFinal(plain, sealed);
                } else {
                    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, new byte[12]));
                    sealed.flip();
                    plain.clear();
                    cipher.doFinal(sealed, plain);
                    sealed.rewind();
                    sealed.position(sealed.limit());
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // only speed is at stake: the real files are encrypted the usual way
            LOG.debug("warming up AES-GCM failed: {}", e.toString());
        }
    }
}
