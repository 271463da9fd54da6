package dev.accountbackup.engine.codec;

import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.ValueEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns PostgreSQL's COPY text output ({@code COPY (SELECT cols FROM table) TO STDOUT}: fields
 * separated by TAB, rows ended by LF, {@code \N} for NULL, backslash escapes) into the backup's
 * JSON Lines, one object per row with the columns as keys in table order.
 *
 * <p>This is the export's hot path, so it works on the UTF-8 bytes directly: COPY escapes are
 * decoded and JSON escapes written in one pass, and no String is made per value. Input may arrive
 * in chunks of any size; a row split across chunks is carried over. Not thread-safe.
 */
public final class CopyTextToJson {

    private static final int DEFAULT_BUFFER = 1 << 17;
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROW_END = "}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ROW = "{}\n".getBytes(StandardCharsets.US_ASCII);

    private final String[] names;
    private final ValueEncoding[] encodings;
    private final ValueEncoding[] elementEncodings;
    /** Per column: {@code {"name":} for the first, {@code ,"name":} for the others. */
    private final byte[][] keys;

    private final JsonByteWriter json;
    private final TextValueToJson values;

    private byte[] carry = new byte[1 << 12];
    private int carryLength;
    private byte[] field = new byte[1 << 12];
    private long rows;
    /** The column being converted, for error messages. */
    private int column;
    /** The byte an escape decoded to: set by {@link #unescape}, to return two values without allocating. */
    private int decoded;

    /** @param out receives the JSON Lines; flushed by {@link #finish()}, never closed */
    public CopyTextToJson(List<ColumnSchema> columns, OutputStream out) {
        this(columns, out, DEFAULT_BUFFER);
    }

    CopyTextToJson(List<ColumnSchema> columns, OutputStream out, int bufferSize) {
        int n = columns.size();
        names = new String[n];
        encodings = new ValueEncoding[n];
        elementEncodings = new ValueEncoding[n];
        keys = new byte[n][];
        ByteArrayOutputStream keyBytes = new ByteArrayOutputStream();
        JsonByteWriter keyWriter = new JsonByteWriter(keyBytes, 1024);
        for (int i = 0; i < n; i++) {
            ColumnSchema c = columns.get(i);
            names[i] = c.name();
            encodings[i] = c.encoding() == null ? ValueEncoding.STRING : c.encoding();
            elementEncodings[i] = c.elementEncoding();
            keyBytes.reset();
            try {
                byte[] name = c.name().getBytes(StandardCharsets.UTF_8);
                keyWriter.string(name, 0, name.length);
                keyWriter.write((byte) ':');
                keyWriter.flushBuffer();
            } catch (IOException e) {
                throw new IllegalStateException("writing to memory cannot fail", e);
            }
            keys[i] = keyBytes.toByteArray();
        }
        json = new JsonByteWriter(out, bufferSize);
        values = new TextValueToJson(json);
    }

    /** Converts a whole COPY output in memory: for tests and small tables. */
    public static byte[] convert(List<ColumnSchema> columns, byte[] copyText) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(copyText.length * 2 + 16);
        CopyTextToJson converter = new CopyTextToJson(columns, out);
        converter.write(copyText, 0, copyText.length);
        converter.finish();
        return out.toByteArray();
    }

    /** Rows converted so far. */
    public long rows() {
        return rows;
    }

    /** Takes the next bytes of COPY output; any chunking works, though whole rows are fastest. */
    public void write(byte[] data, int off, int len) throws IOException {
        int end = off + len;
        int p = off;
        if (carryLength > 0) {
            int lf = indexOf(data, p, end, (byte) '\n');
            appendCarry(data, p, (lf < 0 ? end : lf + 1) - p);
            if (lf < 0) {
                return;
            }
            convertRows(carry, 0, carryLength);
            carryLength = 0;
            p = lf + 1;
        }
        if (p == end) {
            return;
        }
        // rows end with LF; everything after the last LF is the start of a row still to come
        int complete = end;
        while (complete > p && data[complete - 1] != '\n') {
            complete--;
        }
        if (complete > p) {
            convertRows(data, p, complete);
        }
        if (complete < end) {
            appendCarry(data, complete, end - complete);
        }
    }

    /** Ends the input: fails on an incomplete last row, and hands all JSON to the output. */
    public void finish() throws IOException {
        if (carryLength > 0) {
            throw new CopyFormatException("row " + (rows + 1) + " is incomplete: the COPY output ended inside it");
        }
        json.flushBuffer();
    }

    /** Converts complete rows {@code b[start, end)}; {@code b[end - 1]} is LF. */
    private void convertRows(byte[] b, int start, int end) throws IOException {
        int p = start;
        try {
            while (p < end) {
                p = convertRow(b, p) + 1;
            }
        } catch (CopyFormatException e) {
            throw new CopyFormatException("row " + (rows + 1) + (keys.length == 0 ? "" : ", column " + names[column])
                    + ": " + e.getMessage());
        }
    }

    /** Converts the row starting at {@code p}; returns the index of its LF. */
    private int convertRow(byte[] b, int p) throws IOException {
        int n = keys.length;
        if (n == 0) {
            if (b[p] != '\n') {
                throw new CopyFormatException("the table has no columns but the row has data");
            }
            json.write(EMPTY_ROW);
            rows++;
            return p;
        }
        json.write((byte) '{');
        boolean first = true;
        for (int c = 0; c < n; c++) {
            column = c;
            boolean sqlNull = b[p] == '\\' && b[p + 1] == 'N' && (b[p + 2] == '\t' || b[p + 2] == '\n');
            // in a jsonb column, null is the JSON value null: SQL NULL leaves the key out
            if (!sqlNull || encodings[c] != ValueEncoding.JSON) {
                if (!first) {
                    json.write((byte) ',');
                }
                first = false;
                json.write(keys[c]);
                if (sqlNull) {
                    json.write(NULL);
                }
            }
            if (sqlNull) {
                p += 2;
            } else {
                p = switch (encodings[c]) {
                    case STRING -> stringField(b, p);
                    case NUMBER -> numberField(b, p);
                    case DECIMAL -> decimalField(b, p);
                    case BOOLEAN -> booleanField(b, p);
                    case JSON -> rawField(b, p);
                    case BASE64 -> byteaField(b, p);
                    case ARRAY -> arrayField(b, p, elementEncodings[c]);
                };
            }
            byte terminator = b[p];
            if (c < n - 1) {
                if (terminator != '\t') {
                    throw new CopyFormatException("the row has " + (c + 1) + " fields, expected " + n);
                }
                p++;
            } else if (terminator != '\n') {
                throw new CopyFormatException("the row has more than the " + n + " expected fields");
            }
        }
        json.write(ROW_END);
        rows++;
        return p;
    }

    /** COPY text straight into a JSON string: COPY escapes decoded, JSON escapes written. */
    private int stringField(byte[] b, int p) throws IOException {
        json.write((byte) '"');
        while (true) {
            int run = p;
            p = ByteScan.nextStringSpecial(b, p);
            byte c = b[p];
            if (p > run) {
                json.write(b, run, p - run);
            }
            if (c == '\t' || c == '\n') {
                json.write((byte) '"');
                return p;
            }
            if (c == '\\') {
                p = unescape(b, p + 1);
                json.escaped(decoded);
            } else {
                json.escaped(c);
                p++;
            }
        }
    }

    /** COPY text decoded and written as is: jsonb, which PostgreSQL prints as valid single-line JSON. */
    private int rawField(byte[] b, int p) throws IOException {
        while (true) {
            int run = p;
            p = ByteScan.nextControlOrBackslash(b, p);
            byte c = b[p];
            if (p > run) {
                json.write(b, run, p - run);
            }
            if (c == '\t' || c == '\n') {
                return p;
            }
            if (c != '\\') {
                // a control character in jsonb text cannot happen; kept as PostgreSQL sent it
                json.write(c);
                p++;
                continue;
            }
            p = unescape(b, p + 1);
            json.write((byte) decoded);
        }
    }

    private int numberField(byte[] b, int p) throws IOException {
        int end = p;
        while (TextValueToJson.NUMBER_CHAR[b[end] & 0xFF]) {
            end++;
        }
        if (end == p || (b[end] != '\t' && b[end] != '\n')) {
            throw new CopyFormatException("a number has a character that is not part of a number");
        }
        json.write(b, p, end - p);
        return end;
    }

    private int decimalField(byte[] b, int p) throws IOException {
        if (b[p] == 'N' || b[p] == 'I' || (b[p] == '-' && b[p + 1] == 'I')) {
            int end = fieldEnd(b, p);
            values.decimal(b, p, end);
            return end;
        }
        return numberField(b, p);
    }

    private int booleanField(byte[] b, int p) throws IOException {
        int end = fieldEnd(b, p);
        values.bool(b, p, end);
        return end;
    }

    /** bytea arrives as {@code \\x} and hex digits: the backslash itself is COPY-escaped. */
    private int byteaField(byte[] b, int p) throws IOException {
        int end = fieldEnd(b, p);
        if (end - p < 3 || b[p] != '\\' || b[p + 1] != '\\' || b[p + 2] != 'x') {
            throw new CopyFormatException(
                    "a bytea value is not in hex format (the session must use bytea_output = hex)");
        }
        values.base64FromHex(b, p + 3, end);
        return end;
    }

    private int arrayField(byte[] b, int p, ValueEncoding elementEncoding) throws IOException {
        int n = 0;
        while (true) {
            byte c = b[p];
            if (c == '\t' || c == '\n') {
                break;
            }
            if (c == '\\') {
                p = unescape(b, p + 1);
                c = (byte) decoded;
            } else {
                p++;
            }
            if (n == field.length) {
                field = Arrays.copyOf(field, n * 2);
            }
            field[n++] = c;
        }
        values.array(elementEncoding, field, 0, n);
        return p;
    }

    /**
     * Decodes the COPY escape whose backslash precedes {@code p}: stores the byte in
     * {@link #decoded} and returns the index after the escape.
     */
    private int unescape(byte[] b, int p) throws CopyFormatException {
        byte c = b[p];
        switch (c) {
            case 'b' -> decoded = '\b';
            case 'f' -> decoded = '\f';
            case 'n' -> decoded = '\n';
            case 'r' -> decoded = '\r';
            case 't' -> decoded = '\t';
            case 'v' -> decoded = 0x0B;
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int v = c - '0';
                int q = p + 1;
                for (int i = 0; i < 2 && b[q] >= '0' && b[q] <= '7'; i++, q++) {
                    v = v * 8 + b[q] - '0';
                }
                decoded = v & 0xFF;
                return q;
            }
            case 'x' -> {
                int hi = TextValueToJson.HEX_VALUE[b[p + 1] & 0xFF];
                if (hi < 0) {
                    decoded = 'x';
                    return p + 1;
                }
                int lo = TextValueToJson.HEX_VALUE[b[p + 2] & 0xFF];
                if (lo < 0) {
                    decoded = hi;
                    return p + 2;
                }
                decoded = hi << 4 | lo;
                return p + 3;
            }
            case '\n' -> throw new CopyFormatException("a value ends with a lone backslash");
            default -> decoded = c & 0xFF;
        }
        return p + 1;
    }

    private static int fieldEnd(byte[] b, int p) {
        while (b[p] != '\t' && b[p] != '\n') {
            p++;
        }
        return p;
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private void appendCarry(byte[] data, int off, int len) {
        if (carryLength + len > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLength + len));
        }
        System.arraycopy(data, off, carry, carryLength, len);
        carryLength += len;
    }
}
