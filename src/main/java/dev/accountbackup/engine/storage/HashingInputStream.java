package dev.accountbackup.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes and counts the bytes of a stored file as they are read. It never closes the file itself, so
 * a decompressor reading through it can be closed without ending the hashing; and it remembers a
 * storage failure so that it is not mistaken for damaged content.
 */
public final class HashingInputStream extends InputStream {

    public static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final MessageDigest digest;
    private final byte[] one = new byte[1];
    private long count;
    private IOException storageFailure;

    public HashingInputStream(InputStream in) {
        this.in = in;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            storageFailure = e;
            throw e;
        }
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Reads what a decompressor left unread, so that size and hash cover the whole file. */
    public void drain() throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (read(buffer, 0, buffer.length) >= 0) {
            // hashed and counted by read
        }
    }

    public long count() {
        return count;
    }

    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The failure of the underlying storage stream, if reading it failed. */
    public IOException storageFailure() {
        return storageFailure;
    }

    @Override
    public void close() {
        // the caller closes the stored file
    }
}
