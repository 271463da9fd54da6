package dev.accountbackup.engine.codec;

import java.util.Arrays;

/** Bytes of binary COPY data, growing up to a limit; past it, the data falls back to COPY text. */
final class BinaryCopyBuffer {

    private final int limit;
    private byte[] bytes;
    private int length;

    BinaryCopyBuffer(int initial, int limit) {
        this.bytes = new byte[initial];
        this.limit = limit;
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** Drops what was written after {@code newLength}. */
    void truncate(int newLength) {
        length = newLength;
    }

    void add(byte b) throws BinaryCopyFallback {
        room(1);
        bytes[length++] = b;
    }

    void add(byte[] b, int off, int len) throws BinaryCopyFallback {
        room(len);
        System.arraycopy(b, off, bytes, length, len);
        length += len;
    }

    void int16(int v) throws BinaryCopyFallback {
        room(2);
        bytes[length++] = (byte) (v >>> 8);
        bytes[length++] = (byte) v;
    }

    void int32(int v) throws BinaryCopyFallback {
        room(4);
        put32(length, v);
        length += 4;
    }

    void int64(long v) throws BinaryCopyFallback {
        room(8);
        put32(length, (int) (v >>> 32));
        put32(length + 4, (int) v);
        length += 8;
    }

    /** Overwrites the int32 at {@code at}, written before. */
    void setInt32(int at, int v) {
        put32(at, v);
    }

    /**
     * Characters as UTF-8. A NUL or an unpaired surrogate falls back, so that the text format reports it as it
     * always did.
     */
    void utf8(char[] c, int off, int len) throws BinaryCopyFallback {
        room(len * 3); // at most three bytes a char (a surrogate pair makes four of two chars)
        byte[] b = bytes;
        int n = length;
        int end = off + len;
        for (int i = off; i < end; i++) {
            char ch = c[i];
            if (ch == 0) {
                throw new BinaryCopyFallback("the text holds a NUL character");
            }
            if (Character.isSurrogate(ch)) {
                if (!Character.isHighSurrogate(ch) || i + 1 >= end || !Character.isLowSurrogate(c[i + 1])) {
                    throw new BinaryCopyFallback("the text holds an unpaired surrogate");
                }
                n = Utf8.put(b, n, Character.toCodePoint(ch, c[++i]));
            } else {
                n = Utf8.put(b, n, ch);
            }
        }
        length = n;
    }

    /**
     * The JSON string whose content starts at {@code src[from]}, its escapes decoded, straight from the file's bytes
     * (which the parser checks as it moves past them). Writes nothing and returns false when its closing quote is not
     * before {@code end} (not read yet) or an escape is not valid JSON (the parser reports it).
     */
    boolean jsonString(byte[] src, int from, int end) throws BinaryCopyFallback {
        int start = length;
        int i = from;
        while (i < end) {
            int run = i;
            while (i < end && src[i] != '"' && src[i] != '\\') {
                i++;
            }
            add(src, run, i - run);
            if (i == end) {
                break;
            }
            if (src[i] == '"') {
                return true;
            }
            int next = escape(src, i, end);
            if (next < 0) {
                break;
            }
            i = next;
        }
        length = start;
        return false;
    }

    /** Writes the escape at {@code src[at]} (a backslash) and returns the index after it, or -1. */
    private int escape(byte[] src, int at, int end) throws BinaryCopyFallback {
        if (at + 1 >= end) {
            return -1;
        }
        byte decoded;
        switch (src[at + 1]) {
            case '"', '\\', '/' -> decoded = src[at + 1];
            case 'b' -> decoded = '\b';
            case 'f' -> decoded = '\f';
            case 'n' -> decoded = '\n';
            case 'r' -> decoded = '\r';
            case 't' -> decoded = '\t';
            case 'u' -> {
                return unicodeEscape(src, at, end);
            }
            default -> {
                return -1;
            }
        }
        add(decoded);
        return at + 2;
    }

    private int unicodeEscape(byte[] src, int at, int end) throws BinaryCopyFallback {
        int c = hex4(src, at + 2, end);
        if (c < 0) {
            return -1;
        }
        int next = at + 6;
        if (Character.isSurrogate((char) c)) {
            int low = next + 1 < end && src[next] == '\\' && src[next + 1] == 'u' ? hex4(src, next + 2, end) : -1;
            if (low < 0 && next + 6 > end) {
                return -1; // the low half may not be read yet
            }
            if (!Character.isHighSurrogate((char) c) || low < 0 || !Character.isLowSurrogate((char) low)) {
                throw new BinaryCopyFallback("the text holds an unpaired surrogate");
            }
            c = Character.toCodePoint((char) c, (char) low);
            next += 6;
        }
        if (c == 0) {
            throw new BinaryCopyFallback("the text holds a NUL character");
        }
        room(4);
        length = Utf8.put(bytes, length, c);
        return next;
    }

    /** The four hex digits at {@code at}, or -1. */
    private static int hex4(byte[] src, int at, int end) {
        if (at + 4 > end) {
            return -1;
        }
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            int d = Character.digit(src[i], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private void put32(int at, int v) {
        bytes[at] = (byte) (v >>> 24);
        bytes[at + 1] = (byte) (v >>> 16);
        bytes[at + 2] = (byte) (v >>> 8);
        bytes[at + 3] = (byte) v;
    }

    private void room(int more) throws BinaryCopyFallback {
        long needed = (long) length + more;
        if (needed > limit) {
            throw new BinaryCopyFallback(
                    "the row is larger than the " + (limit >> 20) + " MiB the binary format holds");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(needed, 2L * bytes.length)));
        }
    }
}
