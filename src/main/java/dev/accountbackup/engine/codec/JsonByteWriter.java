package dev.accountbackup.engine.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered writer of JSON bytes. Text is UTF-8 bytes all the way: strings are escaped byte by
 * byte (multi-byte UTF-8 sequences never contain a byte below 0x80, so they pass through raw),
 * which is what keeps the export free of per-value String allocations.
 */
final class JsonByteWriter {

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The JSON escape of each byte that needs one: control characters, quote and backslash. */
    private static final byte[][] ESCAPES = new byte[128][];

    /** Bytes that end a run of bytes copied verbatim into a JSON string. */
    private static final boolean[] NEEDS_ESCAPE = new boolean[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = new byte[] {'\\', 'u', '0', '0', HEX_DIGITS[c >> 4], HEX_DIGITS[c & 0xF]};
        }
        ESCAPES['\b'] = new byte[] {'\\', 'b'};
        ESCAPES['\f'] = new byte[] {'\\', 'f'};
        ESCAPES['\n'] = new byte[] {'\\', 'n'};
        ESCAPES['\r'] = new byte[] {'\\', 'r'};
        ESCAPES['\t'] = new byte[] {'\\', 't'};
        ESCAPES['"'] = new byte[] {'\\', '"'};
        ESCAPES['\\'] = new byte[] {'\\', '\\'};
        for (int c = 0; c < 128; c++) {
            NEEDS_ESCAPE[c] = ESCAPES[c] != null;
        }
    }

    private final OutputStream out;
    private final byte[] buf;
    private int pos;

    JsonByteWriter(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[bufferSize];
    }

    void write(byte b) throws IOException {
        if (pos == buf.length) {
            flushBuffer();
        }
        buf[pos++] = b;
    }

    void write(byte[] src) throws IOException {
        write(src, 0, src.length);
    }

    void write(byte[] src, int off, int len) throws IOException {
        if (len <= buf.length - pos) {
            System.arraycopy(src, off, buf, pos, len);
            pos += len;
            return;
        }
        while (len > 0) {
            if (pos == buf.length) {
                flushBuffer();
            }
            int n = Math.min(len, buf.length - pos);
            System.arraycopy(src, off, buf, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Makes room for {@code n} bytes (at most the buffer size) to be written with {@link #put}. */
    void ensure(int n) throws IOException {
        if (pos + n > buf.length) {
            flushBuffer();
        }
    }

    /** Writes a byte that {@link #ensure} has made room for. */
    void put(byte b) {
        buf[pos++] = b;
    }

    /** One byte of string content, escaped if JSON requires it. */
    void escaped(int b) throws IOException {
        if (b < 128 && NEEDS_ESCAPE[b]) {
            write(ESCAPES[b]);
        } else {
            write((byte) b);
        }
    }

    /** String content: the bytes {@code b[start, end)} escaped as JSON requires, without quotes. */
    void escaped(byte[] b, int start, int end) throws IOException {
        int p = start;
        while (p < end) {
            int run = p;
            while (p < end && !NEEDS_ESCAPE[b[p] & 0xFF]) {
                p++;
            }
            if (p > run) {
                write(b, run, p - run);
            }
            if (p < end) {
                write(ESCAPES[b[p]]);
                p++;
            }
        }
    }

    /** A JSON string holding the bytes {@code b[start, end)}. */
    void string(byte[] b, int start, int end) throws IOException {
        write((byte) '"');
        escaped(b, start, end);
        write((byte) '"');
    }

    /** Hands the buffered bytes to the output stream (without flushing the stream itself). */
    void flushBuffer() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }
}
