package dev.accountbackup.engine.codec;

import dev.accountbackup.engine.catalog.ValueEncoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes single values as JSON from PostgreSQL's text output of them (already free of COPY
 * escapes), following the backup format's rules for each {@link ValueEncoding}. Also parses array
 * literals, whose elements are such values.
 */
final class TextValueToJson {

    /** PostgreSQL allows at most 6 array dimensions. */
    private static final int MAX_ARRAY_DEPTH = 6;

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    /** Hex digit values, -1 for anything else. */
    static final byte[] HEX_VALUE = new byte[256];

    /** Bytes that may appear in PostgreSQL's output of an integer, numeric or float. */
    static final boolean[] NUMBER_CHAR = new boolean[256];

    static {
        java.util.Arrays.fill(HEX_VALUE, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX_VALUE[c] = (byte) (c - '0');
            NUMBER_CHAR[c] = true;
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX_VALUE[c] = (byte) (c - 'a' + 10);
            HEX_VALUE[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
        for (char c : new char[] {'-', '+', '.', 'e', 'E'}) {
            NUMBER_CHAR[c] = true;
        }
    }

    private final JsonByteWriter json;
    private byte[] element = new byte[256];

    TextValueToJson(JsonByteWriter json) {
        this.json = json;
    }

    /** A value of any encoding from its text {@code b[start, end)}. */
    void value(ValueEncoding encoding, ValueEncoding elementEncoding, byte[] b, int start, int end) throws IOException {
        switch (encoding) {
            case NUMBER -> number(b, start, end);
            case DECIMAL -> decimal(b, start, end);
            case BOOLEAN -> bool(b, start, end);
            case JSON -> json.write(b, start, end - start);
            case BASE64 -> base64(b, start, end);
            case ARRAY -> array(elementEncoding, b, start, end);
            case STRING -> json.string(b, start, end);
        }
    }

    void number(byte[] b, int start, int end) throws IOException {
        requireNumber(b, start, end);
        json.write(b, start, end - start);
    }

    /** numeric, real and double: digits verbatim, the non-finite values as strings. */
    void decimal(byte[] b, int start, int end) throws IOException {
        if (isNonFinite(b, start, end)) {
            json.string(b, start, end);
        } else {
            number(b, start, end);
        }
    }

    static boolean isNonFinite(byte[] b, int start, int end) {
        if (start >= end) {
            return false;
        }
        byte first = b[start];
        return first == 'N' || first == 'I' || (first == '-' && start + 1 < end && b[start + 1] == 'I');
    }

    void bool(byte[] b, int start, int end) throws IOException {
        if (end - start == 1 && b[start] == 't') {
            json.write(TRUE);
        } else if (end - start == 1 && b[start] == 'f') {
            json.write(FALSE);
        } else {
            throw new CopyFormatException("a boolean is neither t nor f");
        }
    }

    /** bytea: PostgreSQL's hex output ({@code \x0a1b...}) as a base64 string. */
    void base64(byte[] b, int start, int end) throws IOException {
        if (end - start < 2 || b[start] != '\\' || b[start + 1] != 'x') {
            throw new CopyFormatException(
                    "a bytea value is not in hex format (the session must use bytea_output = hex)");
        }
        base64FromHex(b, start + 2, end);
    }

    /** Hex digits {@code b[start, end)} decoded and written as a base64 JSON string, with padding. */
    void base64FromHex(byte[] b, int start, int end) throws IOException {
        if (((end - start) & 1) != 0) {
            throw new CopyFormatException("a bytea value has an odd number of hex digits");
        }
        json.write((byte) '"');
        int p = start;
        while (end - p >= 6) {
            int v = hexByte(b, p) << 16 | hexByte(b, p + 2) << 8 | hexByte(b, p + 4);
            p += 6;
            json.ensure(4);
            json.put(BASE64[v >>> 18]);
            json.put(BASE64[(v >>> 12) & 0x3F]);
            json.put(BASE64[(v >>> 6) & 0x3F]);
            json.put(BASE64[v & 0x3F]);
        }
        int rest = (end - p) / 2;
        if (rest > 0) {
            int v = hexByte(b, p) << 16 | (rest == 2 ? hexByte(b, p + 2) << 8 : 0);
            json.ensure(4);
            json.put(BASE64[v >>> 18]);
            json.put(BASE64[(v >>> 12) & 0x3F]);
            json.put(rest == 2 ? BASE64[(v >>> 6) & 0x3F] : (byte) '=');
            json.put((byte) '=');
        }
        json.write((byte) '"');
    }

    private static int hexByte(byte[] b, int p) throws CopyFormatException {
        int hi = HEX_VALUE[b[p] & 0xFF];
        int lo = HEX_VALUE[b[p + 1] & 0xFF];
        if ((hi | lo) < 0) {
            throw new CopyFormatException("a bytea value has a character that is not a hex digit");
        }
        return hi << 4 | lo;
    }

    static void requireNumber(byte[] b, int start, int end) throws CopyFormatException {
        if (start >= end) {
            throw new CopyFormatException("a number is empty");
        }
        for (int p = start; p < end; p++) {
            if (!NUMBER_CHAR[b[p] & 0xFF]) {
                throw new CopyFormatException("a number has a character that is not part of a number");
            }
        }
    }

    /**
     * An array literal as a JSON array, nested for each dimension. A literal with explicit bounds
     * ({@code [0:1]={1,2}}) cannot be a JSON array without losing the bounds, and a jsonb array with
     * a jsonb {@code null} element cannot tell it from a NULL element: both stay a string.
     */
    void array(ValueEncoding elementEncoding, byte[] a, int start, int end) throws IOException {
        int p = skipSpace(a, start, end);
        if (p < end && a[p] == '[' || elementEncoding == ValueEncoding.JSON && hasJsonNullElement(a, start, end)) {
            json.string(a, start, end);
            return;
        }
        p = skipSpace(a, parseArray(elementEncoding, a, p, end, 1), end);
        if (p != end) {
            throw new CopyFormatException("an array literal has text after its closing brace");
        }
    }

    private int parseArray(ValueEncoding elementEncoding, byte[] a, int p, int end, int depth) throws IOException {
        if (depth > MAX_ARRAY_DEPTH) {
            throw new CopyFormatException("an array literal has more than " + MAX_ARRAY_DEPTH + " dimensions");
        }
        if (p >= end || a[p] != '{') {
            throw new CopyFormatException("an array literal does not start with '{'");
        }
        json.write((byte) '[');
        p = skipSpace(a, p + 1, end);
        if (p < end && a[p] == '}') {
            json.write((byte) ']');
            return p + 1;
        }
        while (true) {
            p = skipSpace(a, p, end);
            if (p >= end) {
                throw new CopyFormatException("an array literal ends inside the array");
            }
            if (a[p] == '{') {
                p = parseArray(elementEncoding, a, p, end, depth + 1);
            } else if (a[p] == '"') {
                p = quotedElement(elementEncoding, a, p + 1, end);
            } else {
                p = unquotedElement(elementEncoding, a, p, end);
            }
            p = skipSpace(a, p, end);
            if (p >= end) {
                throw new CopyFormatException("an array literal ends inside the array");
            }
            if (a[p] == '}') {
                json.write((byte) ']');
                return p + 1;
            }
            if (a[p] != ',') {
                throw new CopyFormatException("an array literal has an element not followed by ',' or '}'");
            }
            json.write((byte) ',');
            p++;
        }
    }

    /** {@code p} is just after the opening quote; returns the index after the closing quote. */
    private int quotedElement(ValueEncoding elementEncoding, byte[] a, int p, int end) throws IOException {
        int q = p;
        while (q < end && a[q] != '"' && a[q] != '\\') {
            q++;
        }
        if (q < end && a[q] == '"') {
            arrayElement(elementEncoding, a, p, q);
            return q + 1;
        }
        int n = 0;
        q = p;
        while (true) {
            if (q >= end) {
                throw new CopyFormatException("an array literal has an unterminated quoted element");
            }
            byte c = a[q++];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (q >= end) {
                    throw new CopyFormatException("an array literal ends with a backslash");
                }
                c = a[q++];
            }
            n = appendElementByte(n, c);
        }
        arrayElement(elementEncoding, element, 0, n);
        return q;
    }

    /** An element without quotes: ends at ',' or '}', surrounding white space is not part of it. */
    private int unquotedElement(ValueEncoding elementEncoding, byte[] a, int p, int end) throws IOException {
        int q = p;
        boolean escapes = false;
        while (q < end && a[q] != ',' && a[q] != '}') {
            if (a[q] == '"' || a[q] == '{') {
                throw new CopyFormatException("an array literal has a misplaced '" + (char) a[q] + "'");
            }
            if (a[q] == '\\') {
                escapes = true;
                q++;
            }
            q++;
        }
        if (q > end) {
            throw new CopyFormatException("an array literal ends with a backslash");
        }
        if (!escapes) {
            int last = q;
            while (last > p && isSpace(a[last - 1])) {
                last--;
            }
            if (last - p == 4 && isNull(a, p)) {
                json.write(NULL);
            } else {
                arrayElement(elementEncoding, a, p, last);
            }
            return q;
        }
        int n = 0;
        int significant = 0; // trailing white space is dropped unless it was escaped
        for (int i = p; i < q; i++) {
            byte c = a[i];
            boolean escaped = c == '\\';
            if (escaped) {
                c = a[++i];
            }
            n = appendElementByte(n, c);
            if (escaped || !isSpace(c)) {
                significant = n;
            }
        }
        arrayElement(elementEncoding, element, 0, significant);
        return q;
    }

    private void arrayElement(ValueEncoding elementEncoding, byte[] b, int start, int end) throws IOException {
        if (elementEncoding == null || elementEncoding == ValueEncoding.ARRAY) {
            // an array of arrays only arises through a domain over an array type: its elements keep their literal text
            json.string(b, start, end);
        } else {
            value(elementEncoding, null, b, start, end);
        }
    }

    private int appendElementByte(int n, byte c) {
        if (n == element.length) {
            element = java.util.Arrays.copyOf(element, n * 2);
        }
        element[n] = c;
        return n + 1;
    }

    /**
     * Whether a jsonb array literal holds the jsonb value null: PostgreSQL quotes it as
     * {@code "null"} (a jsonb string "null" would be {@code "\"null\""}), between '{' or ',' and ',' or '}'.
     */
    private static boolean hasJsonNullElement(byte[] a, int start, int end) {
        for (int p = start + 1; p + 6 <= end; p++) {
            if (a[p] == '"'
                    && a[p + 1] == 'n'
                    && a[p + 2] == 'u'
                    && a[p + 3] == 'l'
                    && a[p + 4] == 'l'
                    && a[p + 5] == '"'
                    && (a[p - 1] == '{' || a[p - 1] == ',')
                    && p + 6 < end
                    && (a[p + 6] == ',' || a[p + 6] == '}')) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNull(byte[] a, int p) {
        return (a[p] | 0x20) == 'n' && (a[p + 1] | 0x20) == 'u' && (a[p + 2] | 0x20) == 'l' && (a[p + 3] | 0x20) == 'l';
    }

    private static int skipSpace(byte[] a, int p, int end) {
        while (p < end && isSpace(a[p])) {
            p++;
        }
        return p;
    }

    /** White space as PostgreSQL's array parser sees it. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }
}
