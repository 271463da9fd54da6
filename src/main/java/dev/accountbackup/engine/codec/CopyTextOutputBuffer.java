package dev.accountbackup.engine.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte buffer that writes values in PostgreSQL's COPY text format: UTF-8, with
 * backslash, tab, newline and carriage return escaped. Inside a quoted array element the array
 * literal's own escapes (backslash before {@code "} and {@code \}) come first, then the COPY ones.
 */
final class CopyTextOutputBuffer {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Length of the longest JSON escape: a surrogate pair written as two six-byte {@code u} escapes. */
    private static final int LONGEST_ESCAPE = 12;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** ASCII characters written as they are in quoted array elements (and so in values too). */
    private static final boolean[] PLAIN = new boolean[128];
    /** ASCII characters written as they are in values: also the double quote. */
    private static final boolean[] PLAIN_IN_VALUE = new boolean[128];

    static {
        Arrays.fill(PLAIN, true);
        for (char c : new char[] {'\\', '"', '\t', '\n', '\r'}) {
            PLAIN[c] = false;
        }
        System.arraycopy(PLAIN, 0, PLAIN_IN_VALUE, 0, PLAIN.length);
        PLAIN_IN_VALUE['"'] = true;
    }

    private byte[] bytes;
    private int length;

    CopyTextOutputBuffer(int capacity) {
        bytes = new byte[capacity];
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

    void add(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    void add(byte[] src) {
        add(src, 0, src.length);
    }

    void add(byte[] src, int offset, int count) {
        ensure(count);
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
    }

    /** Characters as UTF-8, escaped for COPY text (and for a quoted array element if {@code element}). */
    void text(char[] chars, int offset, int count, boolean element) throws JsonToCopyTextException {
        ensure((long) count * 4);
        byte[] b = bytes;
        int n = length;
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                if (PLAIN[c]) {
                    b[n++] = (byte) c;
                } else {
                    n = special(b, n, c, element);
                }
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= end || !Character.isLowSurrogate(chars[i + 1])) {
                    length = n;
                    throw new JsonToCopyTextException(
                            "a string holds an unpaired UTF-16 surrogate escape, which is not a character");
                }
                int cp = Character.toCodePoint(c, chars[++i]);
                b[n++] = (byte) (0xF0 | (cp >> 18));
                b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[n++] = (byte) (0xE0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = n;
    }

    /** UTF-8 bytes taken as they are (raw JSON text), escaped for COPY text and, if {@code element}, for an array element. */
    void escaped(byte[] src, int offset, int count, boolean element) {
        ensure((long) count * 4);
        byte[] b = bytes;
        int n = length;
        int end = offset + count;
        int run = offset;
        boolean[] plain = element ? PLAIN : PLAIN_IN_VALUE;
        for (int i = nextCandidate(src, offset, end, element); i < end; i = nextCandidate(src, i + 1, end, element)) {
            byte c = src[i];
            if (!plain[c]) { // candidates are ASCII
                System.arraycopy(src, run, b, n, i - run);
                n = special(b, n + i - run, (char) c, element);
                run = i + 1;
            }
        }
        System.arraycopy(src, run, b, n, end - run);
        length = n + end - run;
    }

    /**
     * Index of the first control character or backslash (and, in an array element, double quote) at or
     * after {@code from}, or {@code end}: a superset of what needs escaping, eight bytes at a time.
     */
    private static int nextCandidate(byte[] src, int from, int end, boolean element) {
        long quotes = element ? QUOTES : BACKSLASHES; // outside elements the quote needs no escape
        int i = from;
        while (i + 8 <= end) {
            long word = (long) LONGS.get(src, i);
            long found =
                    ((word - SPACES) & ~word & HIGH_BITS) | bytesEqual(word, BACKSLASHES) | bytesEqual(word, quotes);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        while (i < end) {
            byte c = src[i];
            if ((c >= 0 && c < 0x20) || c == '\\' || (element && c == '"')) {
                return i;
            }
            i++;
        }
        return end;
    }

    /** One of the characters that are not {@link #PLAIN}, escaped. */
    private static int special(byte[] b, int n, char c, boolean element) {
        switch (c) {
            case '\\' -> {
                b[n++] = '\\';
                b[n++] = '\\';
                if (element) {
                    b[n++] = '\\';
                    b[n++] = '\\';
                }
            }
            case '"' -> {
                if (element) {
                    b[n++] = '\\';
                    b[n++] = '\\';
                }
                b[n++] = '"';
            }
            case '\t' -> {
                b[n++] = '\\';
                b[n++] = 't';
            }
            case '\n' -> {
                b[n++] = '\\';
                b[n++] = 'n';
            }
            case '\r' -> {
                b[n++] = '\\';
                b[n++] = 'r';
            }
            default -> throw new IllegalArgumentException("not a special character");
        }
        return n;
    }

    /**
     * Part of a JSON string as the text it stands for: its escapes decoded, then escaped for COPY
     * text. The runs between escapes are copied as they are: the parser rejects raw quotes and
     * control characters in strings, so they hold nothing that needs escaping. Writes from
     * {@code src[from]} up to the closing quote or, if that is not among the bytes read yet, up to
     * the last escape that is whole for sure, so a string of any length is written piece by piece.
     *
     * @param limit    end of the valid bytes of {@code src}
     * @param complete the closing quote is among the bytes (the parser has moved past the string)
     * @return the index of the closing quote, or of the first byte not written yet
     */
    int jsonStringPart(byte[] src, int from, int limit, boolean element, boolean complete)
            throws JsonToCopyTextException {
        int i = from;
        while (true) {
            int next = quoteOrBackslash(src, i, limit);
            add(src, i, next - i);
            if (next == limit || src[next] == '"' || !complete && next + LONGEST_ESCAPE > limit) {
                return next;
            }
            i = unescape(src, next, limit, element);
        }
    }

    /** Writes the JSON escape at {@code backslash} as the character it stands for; returns the index after it. */
    private int unescape(byte[] src, int backslash, int limit, boolean element) throws JsonToCopyTextException {
        ensure(8); // a character takes at most 4 bytes, escaped ones as much
        byte[] b = bytes;
        int n = length;
        byte e = src[backslash + 1];
        int i = backslash + 2;
        switch (e) {
            case 'b' -> b[n++] = 0x08;
            case 'f' -> b[n++] = 0x0C;
            case 'n' -> n = special(b, n, '\n', element);
            case 'r' -> n = special(b, n, '\r', element);
            case 't' -> n = special(b, n, '\t', element);
            case 'u' -> {
                int cp = hex4(src, i);
                i += 4;
                if (Character.isHighSurrogate((char) cp)
                        && i + 6 <= limit
                        && src[i] == '\\'
                        && src[i + 1] == 'u'
                        && Character.isLowSurrogate((char) hex4(src, i + 2))) {
                    cp = Character.toCodePoint((char) cp, (char) hex4(src, i + 2));
                    i += 6;
                } else if (Character.isSurrogate((char) cp)) {
                    throw new JsonToCopyTextException(
                            "a string holds an unpaired UTF-16 surrogate escape, which is not a character");
                }
                n = codePoint(b, n, cp, element);
            }
            default -> n = e == '"' || e == '\\' ? special(b, n, (char) e, element) : put(b, n, e); // '/' and the like
        }
        length = n;
        return i;
    }

    /**
     * Part of a JSON string as JSON text (a jsonb value that is a string), escaped for COPY text: from
     * {@code src[from]}, inside the string, up to its closing quote (not written) or, if that is not
     * among the bytes read yet, up to the last whole escape.
     *
     * @return the index of the closing quote, or of the first byte not written yet
     */
    int escapedJsonStringPart(byte[] src, int from, int limit, boolean element) {
        int end = from;
        while (true) {
            end = quoteOrBackslash(src, end, limit);
            if (end == limit || src[end] == '"' || end + 2 > limit) {
                break;
            }
            end += 2;
        }
        escaped(src, from, end - from, element);
        return end;
    }

    /** Index of the first '"' or '\\' at or after {@code from}, or {@code limit}, eight bytes at a time: strings are most of a backup. */
    private static int quoteOrBackslash(byte[] src, int from, int limit) {
        int i = from;
        while (i + 8 <= limit) {
            long word = (long) LONGS.get(src, i);
            long found = bytesEqual(word, QUOTES) | bytesEqual(word, BACKSLASHES);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        while (i < limit) {
            byte c = src[i];
            if (c == '"' || c == '\\') {
                return i;
            }
            i++;
        }
        return limit;
    }

    /** High bit set in each byte of {@code word} equal to the byte repeated in {@code pattern}; exact for the lowest such byte. */
    private static long bytesEqual(long word, long pattern) {
        long x = word ^ pattern;
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    private static int put(byte[] b, int n, byte c) {
        b[n] = c;
        return n + 1;
    }

    private static int codePoint(byte[] b, int n, int cp, boolean element) {
        if (cp < 0x80) {
            if (PLAIN[cp]) {
                b[n++] = (byte) cp;
                return n;
            }
            return special(b, n, (char) cp, element);
        }
        return Utf8.put(b, n, cp);
    }

    /** The parser checks escapes as it reads them, but a string is written while it is still being read: check again. */
    private static int hex4(byte[] src, int i) throws JsonToCopyTextException {
        int value = 0;
        for (int k = i; k < i + 4; k++) {
            int digit = Character.digit(src[k], 16);
            if (digit < 0) {
                throw new JsonToCopyTextException("a string holds an escape that is not valid JSON");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Bytes as lower-case hex digits (bytea's hex format after its {@code \x}). */
    void hex(byte[] src, int offset, int count) {
        ensure((long) count * 2);
        byte[] b = bytes;
        int n = length;
        for (int i = offset; i < offset + count; i++) {
            b[n++] = HEX[(src[i] >> 4) & 0x0F];
            b[n++] = HEX[src[i] & 0x0F];
        }
        length = n;
    }

    private void ensure(long extra) {
        if (length + extra > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, length + extra);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("a row is larger than 2 GB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
