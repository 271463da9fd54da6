package dev.accountbackup.engine.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The JSON input, with the bytes still needed kept after the parser has read them, so that a
 * jsonb value can be copied exactly as it was written (numbers such as {@code 1.00} or
 * {@code 1e400} keep their text) by slicing it out at the parser's byte offsets, and a string can
 * be written from the file's bytes. Memory stays bounded: when the buffer is full, the
 * {@link Drain} writes out what it can and releases it before more is kept, and no more than
 * {@code maxKept} bytes are ever held.
 */
final class JsonToCopyTextInput extends InputStream {

    /** Called when the buffer is full, before released bytes are dropped. */
    interface Drain {
        /** Writes out what is pending and {@linkplain #release releases} every byte no longer needed. */
        void drain() throws IOException;
    }

    private final InputStream in;
    private final Drain drain;
    private final int maxKept;
    private byte[] kept = new byte[1 << 16];
    /** Stream offset of {@code kept[0]}. */
    private long keptStart;

    private int keptLength;
    /** Bytes before this stream offset are no longer needed. */
    private long releasedTo;

    JsonToCopyTextInput(InputStream in, Drain drain, int maxKept) {
        this.in = in;
        this.drain = drain;
        this.maxKept = maxKept;
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

    /** Stream offset just after the last byte read. */
    long end() {
        return keptStart + keptLength;
    }

    /** Index in {@link #array()} of a kept stream offset. */
    int index(long offset) {
        long i = offset - keptStart;
        if (i < 0 || i > keptLength) {
            throw new IllegalStateException("stream offset " + offset + " is not kept");
        }
        return (int) i;
    }

    private void keep(byte[] b, int off, int n) throws IOException {
        if (keptLength + n > kept.length) {
            drain.drain();
            // moving the kept bytes down only when full keeps the cost proportional to the input
            int drop = (int) Math.min(keptLength, releasedTo - keptStart);
            if (drop > 0) {
                System.arraycopy(kept, drop, kept, 0, keptLength - drop);
                keptLength -= drop;
                keptStart += drop;
            }
            if (keptLength + n > maxKept) {
                throw JsonToCopyTextException.tooLargeToHold(maxKept);
            }
            if (keptLength + n > kept.length) {
                kept = Arrays.copyOf(kept, Math.min(maxKept, Math.max(kept.length * 2, keptLength + n)));
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
