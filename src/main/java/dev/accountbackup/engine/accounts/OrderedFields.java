package dev.accountbackup.engine.accounts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads a few fields of a row straight from its bytes, when the row's fields come in the manifest's
 * column order, as exports write them: it stops at the last field it needs, and builds no parser,
 * tree or string for the fields on the way. That is what lets one account be found in a backup of
 * millions without parsing every row.
 *
 * <p>It never guesses. A row it cannot read that way (fields out of order or missing, an escape or
 * a non-ASCII byte in a value it reads, anything but plain JSON up to there) it leaves to a full
 * parse, which reads any valid row and names what is wrong with the others.
 */
final class OrderedFields {

    /** A value longer than this is left to the parser, whose limits apply to it. */
    private static final int LONGEST_VALUE_READ = 1024;

    /** The UTF-8 bytes of the manifest's column names, in its order, up to the last one read. */
    private final byte[][] names;
    /** The slot each of those columns' values go to, -1 for the columns skipped. */
    private final int[] slotAt;

    /**
     * @param columns the table's columns in the manifest's order
     * @param slots   the columns to read, each with the index of its value in {@link #read}'s array
     */
    OrderedFields(List<String> columns, Map<String, Integer> slots) {
        int last = -1;
        for (String column : slots.keySet()) {
            last = Math.max(last, columns.indexOf(column));
        }
        boolean readable = !slots.isEmpty()
                && columns.containsAll(slots.keySet())
                && new HashSet<>(columns).size() == columns.size();
        int count = readable ? last + 1 : 0;
        names = new byte[count][];
        slotAt = new int[count];
        for (int i = 0; i < count; i++) {
            names[i] = columns.get(i).getBytes(StandardCharsets.UTF_8);
            slotAt[i] = slots.getOrDefault(columns.get(i), -1);
        }
    }

    /**
     * Reads the values of the chosen columns of the row in {@code b[from .. to)} into their slots
     * of {@code values}, as a JSON parser gives their text (null for NULL, for an object or an array).
     *
     * @return false when the row must be read by a full parse instead ({@code values} is then undefined)
     */
    boolean read(byte[] b, int from, int to, String[] values) {
        if (names.length == 0) {
            return false;
        }
        int p = skipSpace(b, from, to);
        if (p == to || b[p] != '{') {
            return false;
        }
        p++;
        for (int i = 0; i < names.length; i++) {
            p = skipSpace(b, p, to);
            if (i > 0) {
                if (p == to || b[p] != ',') {
                    return false;
                }
                p = skipSpace(b, p + 1, to);
            }
            p = afterName(b, p, to, names[i]);
            if (p < 0) {
                return false;
            }
            p = slotAt[i] < 0 ? skipValue(b, p, to) : readValue(b, p, to, values, slotAt[i]);
            if (p < 0) {
                return false;
            }
        }
        return true;
    }

    /** Just after the colon that follows the quoted {@code name} at {@code p}; -1 when another name is there. */
    private static int afterName(byte[] b, int p, int to, byte[] name) {
        int close = p + 1 + name.length;
        if (close >= to || b[p] != '"' || b[close] != '"' || !Arrays.equals(b, p + 1, close, name, 0, name.length)) {
            return -1;
        }
        p = skipSpace(b, close + 1, to);
        if (p == to || b[p] != ':') {
            return -1;
        }
        return skipSpace(b, p + 1, to);
    }

    /** Reads a value and checks what follows it; the index after it, or -1. */
    private static int readValue(byte[] b, int p, int to, String[] values, int slot) {
        if (p == to) {
            return -1;
        }
        byte c = b[p];
        boolean text = true;
        int end;
        if (c == '"') {
            end = plainString(b, p, to);
        } else if (c == '{' || c == '[') {
            end = skipValue(b, p, to);
            text = false; // an object or array is no key of an account
        } else if (c == 'n') {
            end = literal(b, p, to, "null");
            text = false;
        } else if (c == 't' || c == 'f') {
            end = literal(b, p, to, c == 't' ? "true" : "false");
        } else {
            end = number(b, p, to);
        }
        if (end < 0 || end - p > LONGEST_VALUE_READ || !endsValue(b, end, to)) {
            return -1;
        }
        if (!text) {
            values[slot] = null;
        } else if (c == '"') {
            values[slot] = new String(b, p + 1, end - p - 2, StandardCharsets.ISO_8859_1);
        } else {
            values[slot] = new String(b, p, end - p, StandardCharsets.ISO_8859_1);
        }
        return end;
    }

    /** The index after the string at {@code p} when it is plain ASCII without escapes (its text is its bytes), or -1. */
    private static int plainString(byte[] b, int p, int to) {
        for (int i = p + 1; i < to; i++) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x20 || c == '\\') { // also every non-ASCII byte, which is negative
                return -1;
            }
        }
        return -1;
    }

    private static int literal(byte[] b, int p, int to, String word) {
        int n = word.length();
        if (to - p < n) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != word.charAt(i)) {
                return -1;
            }
        }
        return p + n;
    }

    /** The end of the JSON number at {@code p} (strictly as JSON writes one, so its text is the parser's), or -1. */
    private static int number(byte[] b, int p, int to) {
        if (p < to && b[p] == '-') {
            p++;
        }
        if (p < to && b[p] == '0') {
            p++;
        } else {
            int digits = digits(b, p, to);
            if (digits == p) {
                return -1;
            }
            p = digits;
        }
        if (p < to && b[p] == '.') {
            int digits = digits(b, p + 1, to);
            if (digits == p + 1) {
                return -1;
            }
            p = digits;
        }
        if (p < to && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < to && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int digits = digits(b, p, to);
            if (digits == p) {
                return -1;
            }
            p = digits;
        }
        return p;
    }

    private static int digits(byte[] b, int p, int to) {
        while (p < to && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p;
    }

    /** A value must be followed by a comma, the object's end, or space. */
    private static boolean endsValue(byte[] b, int p, int to) {
        return p == to || b[p] == ',' || b[p] == '}' || isSpace(b[p]);
    }

    /**
     * Skips the value at {@code p}, without checking inside it (a row that is kept is parsed in full
     * later); the index after it, or -1 when it does not end on the line.
     */
    private static int skipValue(byte[] b, int p, int to) {
        if (p == to) {
            return -1;
        }
        byte c = b[p];
        if (c == '"') {
            return skipString(b, p, to);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (p < to) {
                c = b[p];
                if (c == '"') {
                    p = skipString(b, p, to);
                    if (p < 0) {
                        return -1;
                    }
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return p + 1;
                }
                p++;
            }
            return -1;
        }
        int start = p;
        while (p < to && !endsValue(b, p, to)) {
            p++;
        }
        return p == start ? -1 : p;
    }

    /** The index after the string that starts at {@code p}, or -1. */
    private static int skipString(byte[] b, int p, int to) {
        for (p++; p < to; p++) {
            byte c = b[p];
            if (c == '"') {
                return p + 1;
            }
            if (c == '\\') {
                p++;
            } else if (c >= 0 && c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] b, int p, int to) {
        while (p < to && isSpace(b[p])) {
            p++;
        }
        return p;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
