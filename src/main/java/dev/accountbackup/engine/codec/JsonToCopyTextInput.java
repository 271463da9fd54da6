package dev.accountbackup.engine.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The JSON input, with the bytes of the current row kept after the parser has read them, so that
 * a jsonb value can be copied exactly as it was written (numbers such as {@code 1.00} or
 * {@code 1e400} keep their text) by slicing it out at the parser's byte offsets.
 */
final class JsonToCopyTextInput extends InputStream {

    private final InputStream in;
    private byte[] kept = new byte[1 << 16];
    /** Stream offset of {@code kept[0]}. */
    private long keptStart;
    private int keptLength;
    /** Bytes before this stream offset are no longer needed. */
    private long releasedTo;

    JsonToCopyTextInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            keep(b, off, n);
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        int c = in.read();
        if (c >= 0) {
            keep(new byte[] {(byte) c}, 0, 1);
        }
        return c;
    }

    /** Bytes before {@code offset} will not be asked for again; they are dropped when space is needed. */
    void release(long offset) {
        releasedTo = Math.max(releasedTo, offset);
    }

    /** The buffer holding the kept bytes; valid until the next read. */
    byte[] array() {
        return kept;
    }

    /** Number of kept bytes in {@link #array()}. */
    int length() {
        return keptLength;
    }

    /** Index in {@link #array()} of a kept stream offset. */
    int index(long offset) {
        long i = offset - keptStart;
        if (i < 0 || i > keptLength) {
            throw new IllegalStateException("stream offset " + offset + " is not kept");
        }
        return (int) i;
    }

    private void keep(byte[] b, int off, int n) {
        if (keptLength + n > kept.length) {
            // moving the kept bytes down only when full keeps the cost proportional to the input
            int drop = (int) Math.min(keptLength, releasedTo - keptStart);
            if (drop > 0) {
                System.arraycopy(kept, drop, kept, 0, keptLength - drop);
                keptLength -= drop;
                keptStart += drop;
            }
            if (keptLength + n > kept.length) {
                kept = Arrays.copyOf(kept, Math.max(kept.length * 2, keptLength + n));
            }
        }
        System.arraycopy(b, off, kept, keptLength, n);
        keptLength += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
