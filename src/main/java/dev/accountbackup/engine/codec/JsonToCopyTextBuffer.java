package dev.accountbackup.engine.codec;

import java.util.Arrays;

/**
 * A growable byte buffer that writes values in PostgreSQL's COPY text format: UTF-8, with
 * backslash, tab, newline and carriage return escaped. Inside a quoted array element the array
 * literal's own escapes (backslash before {@code "} and {@code \}) come first, then the COPY ones.
 */
final class JsonToCopyTextBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Base64 alphabet value of each ASCII character; -1 for characters outside it. */
    private static final byte[] BASE64 = new byte[128];

    static {
        Arrays.fill(BASE64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = (byte) i;
        }
    }

    private byte[] bytes;
    private int length;

    JsonToCopyTextBuffer(int capacity) {
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
                n = ascii(b, n, c, element);
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= end || !Character.isLowSurrogate(chars[i + 1])) {
                    length = n;
                    throw new JsonToCopyTextException("a string holds an unpaired UTF-16 surrogate escape, which is not a character");
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
        for (int i = offset; i < end; i++) {
            byte c = src[i];
            if (c < 0) {
                b[n++] = c; // part of a multi-byte character: never special
            } else {
                n = ascii(b, n, (char) c, element);
            }
        }
        length = n;
    }

    private static int ascii(byte[] b, int n, char c, boolean element) {
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
            default -> b[n++] = (byte) c;
        }
        return n;
    }

    /** The bytes a standard base64 text (padding optional) stands for, as lower-case hex digits. */
    void hexOfBase64(char[] chars, int offset, int count) throws JsonToCopyTextException {
        int end = offset + count;
        int padding = 0;
        while (end > offset && chars[end - 1] == '=' && padding < 2) {
            end--;
            padding++;
        }
        int digits = end - offset;
        if (digits % 4 == 1 || (padding > 0 && (digits + padding) % 4 != 0)) {
            throw new JsonToCopyTextException("the value is not valid base64 (wrong length)");
        }
        ensure((long) digits / 4 * 6 + 4);
        byte[] b = bytes;
        int n = length;
        int acc = 0;
        int bits = 0;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            int v = c < 128 ? BASE64[c] : -1;
            if (v < 0) {
                throw new JsonToCopyTextException("the value is not valid base64 (a character outside the base64 alphabet)");
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                int octet = (acc >> bits) & 0xFF;
                b[n++] = HEX[octet >> 4];
                b[n++] = HEX[octet & 0x0F];
            }
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
