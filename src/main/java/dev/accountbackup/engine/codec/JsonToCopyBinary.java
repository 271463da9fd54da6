package dev.accountbackup.engine.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the rows of a JSON Lines backup file into PostgreSQL's binary COPY format, which the server reads with less
 * work than COPY text: no de-escaping, and timestamps, uuids, numbers, booleans, arrays and bytea arrive in their
 * stored form. Rows are read as {@link JsonToCopyText} reads them (keys in any order, a missing key is NULL, an unknown
 * key is skipped, a key given twice is refused, the same limits and the same errors naming row and column).
 *
 * <p>Only columns of the types in {@link BinaryCopyType}, encoded in the file as exports write them, are written. A
 * value this class cannot turn into exactly what the text format gives (a form exports do not write, a number out of
 * range, a value over {@link #MAX_VALUE} bytes or a row over {@link #MAX_ROW}: the format needs each value's length
 * before its bytes, so values are held) throws {@link BinaryCopyFallback}: the caller loads the table in text format
 * instead, which reads it, or rejects it, as it always did. Memory stays bounded whatever the file holds.
 */
public final class JsonToCopyBinary {

    /** The largest value, in the file's bytes, held to be written. */
    public static final int MAX_VALUE = 1 << 20;

    /** The largest row held to be written. */
    public static final int MAX_ROW = 4 << 20;

    /** Signature, flags (no oids) and an empty header extension. */
    private static final byte[] HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    private static final int FLUSH_AT = 1 << 16;
    /** Bytes of the file read ahead of the value being held. */
    private static final int READ_AHEAD = 1 << 16;

    private static final byte JSONB_VERSION = 1;

    private final String[] names;
    private final BinaryCopyType[] types;
    private final ColumnSlots slots;
    /** The columns of the current row that have a key. */
    private final boolean[] seen;
    /** Where each value of the current row lies in {@link #row}; -1 for NULL. */
    private final int[] starts;

    private final int[] ends;
    private final BinaryCopyBuffer row = new BinaryCopyBuffer(8192, MAX_ROW);
    private final BinaryCopyBuffer lines = new BinaryCopyBuffer(FLUSH_AT + 8192, Integer.MAX_VALUE);
    private final OutputStream rowOutput = new RowOutput();

    private JsonParser parser;
    private JsonToCopyTextInput input;
    private OutputStream out;
    /** The column whose value is being read, for error messages; -1 between values. */
    private int current = -1;
    /** Stream offset of the value being read, whose bytes are kept until it is written; -1 between values. */
    private long valueStart = -1;
    /** The text of a string value parsed by this class, set by {@link #plainString}: {@code plain[plainFrom, +plainLength)}. */
    private byte[] plain;

    private int plainFrom;
    private int plainLength;

    /**
     * @param columns  the columns to write, in the order of the COPY column list, with their encoding in the file
     * @param typeOids the type oid of each of these columns in the target
     * @throws IllegalArgumentException when a column {@link #textOnlyColumn keeps the table on COPY text}
     */
    public JsonToCopyBinary(List<JsonToCopyText.Column> columns, List<Long> typeOids) {
        String textOnly = textOnlyColumn(columns, typeOids);
        if (textOnly != null) {
            throw new IllegalArgumentException("column " + textOnly + " cannot be written in binary format");
        }
        slots = new ColumnSlots(
                columns.stream().map(JsonToCopyText.Column::name).toList());
        names = columns.stream().map(JsonToCopyText.Column::name).toArray(String[]::new);
        types = new BinaryCopyType[names.length];
        for (int i = 0; i < types.length; i++) {
            JsonToCopyText.Column c = columns.get(i);
            types[i] = BinaryCopyType.of(typeOids.get(i), c.encoding(), c.elementEncoding());
        }
        seen = new boolean[names.length];
        starts = new int[names.length];
        ends = new int[names.length];
    }

    /**
     * The first column whose type (or encoding in the file) the binary format is not used for, or null when every
     * column can be written in binary format.
     */
    public static String textOnlyColumn(List<JsonToCopyText.Column> columns, List<Long> typeOids) {
        for (int i = 0; i < columns.size(); i++) {
            JsonToCopyText.Column c = columns.get(i);
            if (BinaryCopyType.of(typeOids.get(i), c.encoding(), c.elementEncoding()) == null) {
                return c.name();
            }
        }
        return null;
    }

    /**
     * Reads rows until the end of the input and writes them as binary COPY data; writes nothing when there are no rows.
     *
     * @return the number of rows
     * @throws BinaryCopyFallback      when a value has to be written in text format (nothing is wrong with the file)
     * @throws JsonToCopyTextException when a row is not valid, as {@link JsonToCopyText} would report it
     * @throws IOException             when reading or writing fails
     */
    public long transfer(InputStream jsonLines, OutputStream copyBinary) throws IOException {
        input = new JsonToCopyTextInput(jsonLines, this::drain, MAX_VALUE + READ_AHEAD);
        out = copyBinary;
        lines.clear();
        long rows = 0;
        try (JsonParser p = JsonToCopyText.JSON.createParser(input)) {
            parser = p;
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                long number = rows + 1;
                if (token != JsonToken.START_OBJECT) {
                    throw new JsonToCopyTextException(number, null, "is not a JSON object");
                }
                input.release(p.currentTokenLocation().getByteOffset());
                if (rows == 0) {
                    lines.add(HEADER, 0, HEADER.length);
                }
                readRow(number);
                rows = number;
                flush(FLUSH_AT);
            }
            if (rows > 0) {
                lines.int16(-1);
            }
            flush(1);
        } catch (JsonToCopyTextException e) {
            if (e.tooLarge()) {
                throw new BinaryCopyFallback(
                        rows + 1,
                        e.column(),
                        "a value is larger than the " + (MAX_VALUE >> 20) + " MiB the binary format holds");
            }
            throw e;
        } catch (JsonProcessingException e) {
            throw new JsonToCopyTextException(rows + 1, null, JsonToCopyText.describe(e));
        } finally {
            parser = null;
            input = null;
            out = null;
            current = -1;
            valueStart = -1;
        }
        return rows;
    }

    private void readRow(long number) throws IOException {
        Arrays.fill(seen, false);
        Arrays.fill(starts, -1);
        row.clear();
        slots.newRow();
        try {
            int slot;
            while ((slot = slots.next(parser)) != ColumnSlots.NO_MORE_FIELDS) {
                JsonToken token = parser.nextToken();
                if (slot < 0) {
                    parser.skipChildren(); // a column the target no longer has
                    continue;
                }
                current = slot;
                if (seen[slot]) {
                    throw new JsonToCopyTextException("the row has this key twice");
                }
                seen[slot] = true;
                value(slot, token);
                current = -1;
            }
        } catch (JsonToCopyTextException e) {
            throw e.row() > 0 ? e : e.at(number, current < 0 ? null : names[current]);
        } catch (BinaryCopyFallback e) {
            throw e.at(number, current < 0 ? null : names[current]);
        }
        lines.int16(names.length);
        for (int i = 0; i < names.length; i++) {
            if (starts[i] < 0) {
                lines.int32(-1);
            } else {
                lines.int32(ends[i] - starts[i]);
                lines.add(row.array(), starts[i], ends[i] - starts[i]);
            }
        }
    }

    private void value(int slot, JsonToken token) throws IOException {
        BinaryCopyType type = types[slot];
        if (token == JsonToken.VALUE_NULL && type != BinaryCopyType.JSONB) {
            return; // SQL NULL; in a jsonb column, null is the JSON value and SQL NULL a missing key
        }
        int start = row.length();
        valueStart = parser.currentTokenLocation().getByteOffset();
        if (type.element != null) {
            array(type.element, token);
        } else if (type == BinaryCopyType.JSONB) {
            jsonb(token);
        } else {
            scalar(type, token);
        }
        valueStart = -1;
        starts[slot] = start;
        ends[slot] = row.length();
    }

    private void scalar(BinaryCopyType type, JsonToken token) throws IOException {
        switch (type) {
            case INT2 -> row.int16((int) integer(token, Short.MIN_VALUE, Short.MAX_VALUE));
            case INT4 -> row.int32((int) integer(token, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case INT8 -> row.int64(integer(token, Long.MIN_VALUE, Long.MAX_VALUE));
            case BOOL -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw new BinaryCopyFallback("the value is not true or false");
                }
                row.add((byte) (token == JsonToken.VALUE_TRUE ? 1 : 0));
            }
            case TEXT, VARCHAR, BPCHAR, JSON -> {
                string(token);
                if (!stringFromFile()) {
                    row.utf8(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                }
            }
            case UUID -> {
                string(token);
                plainString();
                uuid(plain, plainFrom, plainLength);
            }
            case TIMESTAMPTZ, TIMESTAMP -> {
                string(token);
                plainString();
                row.int64(IsoDateTimes.timestamp(plain, plainFrom, plainLength, type == BinaryCopyType.TIMESTAMPTZ));
            }
            case DATE -> {
                string(token);
                plainString();
                row.int32(IsoDateTimes.date(plain, plainFrom, plainLength));
            }
            case BYTEA -> bytea(token);
            default -> throw new IllegalStateException("not a scalar type: " + type);
        }
    }

    /**
     * Writes the string at the current token straight from the file's bytes when it is read whole already, sparing
     * the parser's decoding; the parser checks it as it moves past it, as for COPY text.
     */
    private boolean stringFromFile() throws BinaryCopyFallback {
        // the token's own start: in an array, the element's (kept, as it comes after the array's start)
        int from = input.index(parser.currentTokenLocation().getByteOffset()) + 1;
        return row.jsonString(input.array(), from, input.length());
    }

    /**
     * Points {@link #plain} at the text of the string at the current token: the file's bytes when it holds no escape
     * and is read whole already (dates, times and uuids as exports write them), else the parser's decoding of it.
     */
    private void plainString() throws IOException {
        byte[] bytes = input.array();
        int from = input.index(parser.currentTokenLocation().getByteOffset()) + 1;
        int end = input.length();
        for (int i = from; i < end && bytes[i] != '\\'; i++) {
            if (bytes[i] == '"') {
                plain = bytes;
                plainFrom = from;
                plainLength = i - from;
                return;
            }
        }
        plain = parser.getText().getBytes(StandardCharsets.UTF_8);
        plainFrom = 0;
        plainLength = plain.length;
    }

    private void string(JsonToken token) throws BinaryCopyFallback {
        if (token != JsonToken.VALUE_STRING) {
            throw new BinaryCopyFallback("the value is not a string");
        }
    }

    private long integer(JsonToken token, long min, long max) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new BinaryCopyFallback("the value is not an integer of at most 64 bits");
        }
        long v = parser.getLongValue();
        if (v < min || v > max) {
            throw new BinaryCopyFallback("the number is out of the column's range");
        }
        return v;
    }

    /** The canonical form, 8-4-4-4-12 hex digits, as 16 bytes. */
    private void uuid(byte[] c, int off, int len) throws BinaryCopyFallback {
        if (len != 36) {
            throw new BinaryCopyFallback("the uuid is not in its canonical form");
        }
        int high = -1;
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c[off + i] != '-') {
                    throw new BinaryCopyFallback("the uuid is not in its canonical form");
                }
                continue;
            }
            int digit = Character.digit(c[off + i], 16);
            if (digit < 0 || c[off + i] > 'f') {
                throw new BinaryCopyFallback("the uuid is not in its canonical form");
            }
            if (high < 0) {
                high = digit;
            } else {
                row.add((byte) (high << 4 | digit));
                high = -1;
            }
        }
    }

    /** The format's version byte, then the document exactly as the file has it, so that numbers keep their digits. */
    private void jsonb(JsonToken token) throws IOException {
        row.add(JSONB_VERSION);
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                parser.skipChildren();
                long end = parser.currentLocation().getByteOffset();
                row.add(input.array(), input.index(valueStart), (int) (end - valueStart));
            }
            case VALUE_STRING -> {
                parser.getTextLength(); // reads the string to its end
                long end = parser.currentLocation().getByteOffset();
                int from = input.index(valueStart);
                int length = (int) (end - valueStart);
                if (length < 2 || input.array()[from] != '"' || input.array()[from + length - 1] != '"') {
                    throw new IllegalStateException("a jsonb string is not where the parser read it");
                }
                row.add(input.array(), from, length);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
                // the parser keeps a number's text as written
                row.utf8(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            default -> throw new JsonToCopyTextException("unexpected " + token.asString());
        }
    }

    /** Base64 decoded by the parser as it reads it, into the row. */
    private void bytea(JsonToken token) throws IOException {
        string(token);
        try {
            parser.readBinaryValue(JsonToCopyText.BASE64, rowOutput);
        } catch (JsonEOFException e) {
            throw e;
        } catch (JsonParseException
                | IllegalArgumentException e) { // the parser reports a bad character with the latter
            throw new BinaryCopyFallback("the value is not base64 as exports write it");
        }
    }

    /**
     * A one-dimensional array: its header (dimensions, whether it holds NULLs, the element type, its length and lower
     * bound 1), then each element's length and bytes. An empty array has no dimensions. Nested arrays and arrays
     * written as literals (other lower bounds) fall back.
     */
    private void array(BinaryCopyType element, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw new BinaryCopyFallback("the array is not a JSON array of one dimension");
        }
        int header = row.length();
        row.int32(1);
        row.int32(0);
        row.int32((int) element.oid);
        row.int32(0);
        row.int32(1);
        int count = 0;
        boolean nulls = false;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_ARRAY) {
                throw new BinaryCopyFallback("the array has more than one dimension");
            }
            if (t == JsonToken.VALUE_NULL) {
                row.int32(-1);
                nulls = true;
            } else {
                int lengthAt = row.length();
                row.int32(0);
                scalar(element, t);
                row.setInt32(lengthAt, row.length() - lengthAt - 4);
            }
            count++;
        }
        if (count == 0) {
            row.truncate(header);
            row.int32(0);
            row.int32(0);
            row.int32((int) element.oid);
        } else {
            row.setInt32(header + 4, nulls ? 1 : 0);
            row.setInt32(header + 12, count);
        }
    }

    /** The input buffer is full: lets go of every byte before the value being read. */
    private void drain() {
        if (parser == null) {
            return; // the parser is still detecting the encoding
        }
        input.release(valueStart >= 0 ? valueStart : parser.currentLocation().getByteOffset());
    }

    private void flush(int atLeast) throws IOException {
        if (lines.length() >= atLeast) {
            out.write(lines.array(), 0, lines.length());
            lines.clear();
        }
    }

    /** Bytes the parser decoded from base64, into the row. */
    private final class RowOutput extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            row.add((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            row.add(b, off, len);
        }
    }
}
