package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.codec.ByteScan;
import java.nio.charset.StandardCharsets;

/**
 * Finds the parts of a row's JSON object in its UTF-8 bytes without decoding them: where a string, a value or the
 * white space ends. Masking copies the columns it does not mask as the bytes they are, so only the masked values
 * are decoded; the restore's decoder checks the whole row afterwards. Every method is bounded by {@code end} and
 * returns -1 for bytes that are not JSON.
 */
final class JsonRowBytes {

    private JsonRowBytes() {}

    static int skipWhitespace(byte[] b, int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r' || b[p] == '\n')) {
            p++;
        }
        return p;
    }

    /** The index after the string whose opening quote is at {@code p}; -1 if it does not end. */
    static int stringEnd(byte[] b, int p, int end) {
        for (int i = ByteScan.nextStringSpecial(b, p + 1, end); i < end; i = ByteScan.nextStringSpecial(b, i, end)) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c != '\\') {
                return -1; // a control character
            }
            i += 2;
        }
        return -1;
    }

    /** The index after the value that starts at {@code p} (a string, an object, an array, a number or a literal). */
    static int valueEnd(byte[] b, int p, int end) {
        if (p >= end) {
            return -1;
        }
        byte c = b[p];
        if (c == '"') {
            return stringEnd(b, p, end);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int i = p; i < end; i++) {
                byte d = b[i];
                if (d == '"') {
                    i = stringEnd(b, i, end);
                    if (i < 0) {
                        return -1;
                    }
                    i--;
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if ((d == '}' || d == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            return -1;
        }
        int i = p;
        while (i < end
                && b[i] != ','
                && b[i] != '}'
                && b[i] != ']'
                && b[i] != ' '
                && b[i] != '\n'
                && b[i] != '\t'
                && b[i] != '\r') {
            i++;
        }
        return i == p ? -1 : i;
    }

    /** Whether the bytes from {@code start} to {@code end} equal {@code expected}. */
    static boolean equal(byte[] b, int start, int end, byte[] expected) {
        return end - start == expected.length && java.util.Arrays.equals(b, start, end, expected, 0, expected.length);
    }

    /** Whether the string whose quotes are at {@code start} and {@code end - 1} holds an escape. */
    static boolean escaped(byte[] b, int start, int end) {
        for (int i = start + 1; i < end - 1; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /**
     * The text of the string whose quotes are at {@code start} and {@code end - 1}.
     *
     * @throws IllegalArgumentException for an escape that is not JSON
     */
    static String decode(byte[] b, int start, int end) {
        int from = start + 1;
        int last = end - 1;
        StringBuilder text = null;
        for (int i = from; i < last; i++) {
            if (b[i] != '\\') {
                continue;
            }
            if (text == null) {
                text = new StringBuilder(last - from);
            }
            text.append(new String(b, from, i - from, StandardCharsets.UTF_8));
            if (i + 1 >= last) {
                throw new IllegalArgumentException("an escape ends the string");
            }
            byte e = b[++i];
            switch (e) {
                case '"', '\\', '/' -> text.append((char) e);
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    if (i + 4 >= last) {
                        throw new IllegalArgumentException("a short \\u escape");
                    }
                    text.append((char) Integer.parseInt(new String(b, i + 1, 4, StandardCharsets.US_ASCII), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("an unknown escape");
            }
            from = i + 1;
        }
        if (text == null) {
            return new String(b, from, last - from, StandardCharsets.UTF_8);
        }
        return text.append(new String(b, from, last - from, StandardCharsets.UTF_8))
                .toString();
    }
}
