package dev.accountbackup.engine.export;

import dev.accountbackup.engine.storage.StoreOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The last stage before storage: counts and hashes exactly the bytes that are stored, so the
 * manifest's size and SHA-256 describe the stored file. Closing it does not close the store
 * output: only the exporter decides whether the file is committed or aborted.
 */
final class StoredFileStream extends OutputStream {

    private final StoreOutput out;
    private final MessageDigest sha256;
    private long bytes;
    private IOException storageFailure;
    private boolean discarding;

    StoredFileStream(StoreOutput out) {
        this.out = out;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (discarding) {
            return;
        }
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            storageFailure = e;
            throw e;
        }
        sha256.update(b, off, len);
        bytes += len;
    }

    /** Not passed on: the store writes out when it sees fit, and everything when the file is committed. */
    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** From now on, drops everything written: lets a failed export close its compressor without storing more. */
    void discard() {
        discarding = true;
    }

    /** The failure the store reported on a write, or null: tells storage failures from others. */
    IOException storageFailure() {
        return storageFailure;
    }

    long bytes() {
        return bytes;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
