package dev.accountbackup.engine.codec;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.accountbackup.engine.catalog.ValueEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the rows of a JSON Lines backup file into PostgreSQL COPY text, one line per row, with
 * the chosen columns in the chosen order. Accepts any valid JSON: keys in any order (a missing key
 * is NULL, an unknown key is skipped), escapes of every kind, a number or boolean where text is
 * expected. Values are decoded by the encoding the manifest records for their column:
 * <ul>
 * <li>text-like values (STRING, NUMBER, DECIMAL, BOOLEAN) are written as their text;</li>
 * <li>BASE64 (bytea) as {@code \x} hex;</li>
 * <li>JSON (jsonb) as the exact bytes of the value in the file, so numbers keep their digits;</li>
 * <li>ARRAY as an array literal with every element quoted, or, for a JSON string, the literal itself.</li>
 * </ul>
 * Works on bytes with buffers reused from row to row; one instance serves one transfer at a time.
 *
 * <p>Memory stays flat whatever the size of a value: a row whose keys come in column order (as
 * exports write them) is written straight to the output as it is read, strings and base64 piece
 * by piece. Only two kinds of value are held whole, up to {@link #MAX_HELD_VALUE}: a jsonb object
 * or array, copied byte for byte from the file, and the values of a row whose keys are out of
 * column order. A key given twice in a row is refused.
 */
public final class JsonToCopyText {

    /** A column to write, with the encoding its values have in the backup file. */
    public record Column(String name, ValueEncoding encoding, ValueEncoding elementEncoding) {}

    /**
     * The largest value held in memory whole (see the class comment); a larger one fails the
     * restore with its table and column named, never with an OutOfMemoryError.
     */
    public static final int MAX_HELD_VALUE = 64 << 20;

    /**
     * Strings are streamed, never made into Java strings, so the limits bound numbers and nesting:
     * numeric's 147,000 digits, jsonb nested deeply.
     */
    static final JsonFactory JSON = BackupRowJson.factory()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Standard base64, padding optional. */
    static final Base64Variant BASE64 =
            Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    private static final int FLUSH_AT = 1 << 16;
    /** Bytes of a long string or document escaped at a time, so that no buffer grows with the value. */
    private static final int PIECE = 1 << 16;

    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] NULL_ELEMENT = "NULL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUOTE = {'"'};
    /** {@code \x} escaped for COPY text. */
    private static final byte[] HEX_PREFIX = {'\\', '\\', 'x'};
    /** {@code \x} escaped for a quoted array element, then for COPY text. */
    private static final byte[] ELEMENT_HEX_PREFIX = {'\\', '\\', '\\', '\\', 'x'};

    private final Column[] columns;
    private final ColumnSlots slots;
    private final int maxHeld;
    /** The columns of the current row that have a key. */
    private final boolean[] seen;
    /** Where each held value of the current row lies in {@link #values}; -1 for NULL. */
    private final int[] starts;

    private final int[] ends;
    private final CopyTextOutputBuffer values = new CopyTextOutputBuffer(8192);
    private final CopyTextOutputBuffer lines = new CopyTextOutputBuffer(FLUSH_AT + 8192);
    private final OutputStream hexOutput = new HexOutput();

    private JsonParser parser;
    private JsonToCopyTextInput input;
    private OutputStream out;

    /** Columns of the current row written to {@link #lines} already; the ones after them are held in {@link #values}. */
    private int written;
    /** A key came out of column order: the rest of the row is held until its end. */
    private boolean holding;
    /** Where the value being read is written: {@link #lines} or {@link #values}. */
    private CopyTextOutputBuffer target = lines;
    /** The column whose value is being read, for error messages; -1 between values. */
    private int current = -1;
    /** Stream offset of the json document being copied, or -1. */
    private long rawStart = -1;

    /*
     * A string value is written from the file's bytes, not from the parser's decoded characters:
     * once the parser has moved past it (and so has checked it), or piece by piece while the
     * parser reads a long one, whenever the input buffer is full.
     */
    /** Stream offset of the next byte of a string not yet written, or -1. */
    private long pendingString = -1;
    /** Write it as JSON text (a jsonb string) rather than as the text it stands for. */
    private boolean pendingRaw;
    /** It is an array element: close the element's quotes after it. */
    private boolean pendingElement;
    /** The column whose value ends with it, or -1 inside an array. */
    private int pendingSlot = -1;

    /** @param columns the columns to write, in the order of the COPY column list */
    public JsonToCopyText(List<Column> columns) {
        this(columns, MAX_HELD_VALUE);
    }

    JsonToCopyText(List<Column> columns, int maxHeld) {
        this.slots = new ColumnSlots(columns.stream().map(Column::name).toList());
        this.columns = columns.toArray(new Column[0]);
        this.maxHeld = maxHeld;
        seen = new boolean[this.columns.length];
        starts = new int[this.columns.length];
        ends = new int[this.columns.length];
    }

    /**
     * Reads rows until the end of the input and writes one COPY text line per row.
     *
     * @return the number of rows
     * @throws JsonToCopyTextException when a row is not valid or holds a value too large to hold
     *                                 (the message names row and column, never the value)
     * @throws IOException              when reading or writing fails
     */
    public long transfer(InputStream jsonLines, OutputStream copyText) throws IOException {
        input = new JsonToCopyTextInput(jsonLines, this::drain, maxHeld + PIECE);
        out = copyText;
        lines.clear();
        long rows = 0;
        try (JsonParser p = JSON.createParser(input)) {
            parser = p;
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                long row = rows + 1;
                if (token != JsonToken.START_OBJECT) {
                    throw new JsonToCopyTextException(row, null, "is not a JSON object");
                }
                input.release(p.currentTokenLocation().getByteOffset());
                readRow(row);
                rows = row;
                flushLines(FLUSH_AT);
            }
            flushLines(1);
        } catch (JsonProcessingException e) {
            throw new JsonToCopyTextException(rows + 1, null, describe(e));
        } finally {
            parser = null;
            input = null;
            out = null;
            pendingString = -1;
            pendingSlot = -1;
            rawStart = -1;
            current = -1;
        }
        return rows;
    }

    private void readRow(long row) throws IOException {
        Arrays.fill(seen, false);
        Arrays.fill(starts, -1);
        values.clear();
        slots.newRow();
        written = 0;
        holding = false;
        try {
            int slot;
            while ((slot = slots.next(parser)) != ColumnSlots.NO_MORE_FIELDS) {
                finishPendingValue();
                JsonToken token = parser.nextToken();
                if (slot < 0) {
                    parser.skipChildren(); // a column the target no longer has
                    continue;
                }
                readValue(slot, token);
            }
            finishPendingValue();
        } catch (JsonToCopyTextException e) {
            throw e.row() > 0 ? e : e.at(row, current < 0 ? null : columns[current].name());
        }
        endLine();
    }

    /** Writes a column's value to the output if it is the next one, else holds it until the end of the row. */
    private void readValue(int slot, JsonToken token) throws IOException {
        current = slot;
        if (seen[slot]) {
            throw new JsonToCopyTextException("the row has this key twice");
        }
        seen[slot] = true;
        holding |= slot != written;
        // SQL NULL; in a jsonb column, null is the JSON value null and SQL NULL a missing key
        boolean sqlNull = token == JsonToken.VALUE_NULL && columns[slot].encoding() != ValueEncoding.JSON;
        if (holding) {
            target = values;
            if (sqlNull) {
                current = -1;
                return;
            }
            starts[slot] = values.length();
        } else {
            target = lines;
            if (slot > 0) {
                lines.add((byte) '\t');
            }
            written = slot + 1;
            if (sqlNull) {
                lines.add(NULL);
                current = -1;
                return;
            }
        }
        value(columns[slot], token);
        if (pendingString >= 0) {
            pendingSlot = slot;
        } else {
            endValue(slot);
        }
    }

    private void endValue(int slot) throws IOException {
        ends[slot] = target.length();
        keepBuffersBounded();
        current = -1;
    }

    private void finishPendingValue() throws IOException {
        if (pendingSlot < 0) {
            return; // no value waits for its string, which may have been written whole while it was read
        }
        int slot = pendingSlot;
        pendingSlot = -1;
        finishPendingString();
        endValue(slot);
    }

    /** Writes the rest of the string the parser has just moved past. */
    private void finishPendingString() throws IOException {
        if (pendingString >= 0) {
            writePendingString(true);
        }
    }

    /**
     * Writes as much of the pending string as is read, a piece at a time.
     *
     * @param complete the parser has moved past the string, so all of it is read
     */
    private void writePendingString(boolean complete) throws IOException {
        while (pendingString >= 0) {
            byte[] src = input.array();
            int from = input.index(pendingString);
            int available = input.length();
            int limit = (int) Math.min(available, (long) from + PIECE);
            int stop = pendingRaw
                    ? target.escapedJsonStringPart(src, from, limit, pendingElement)
                    : target.jsonStringPart(src, from, limit, pendingElement, complete && limit == available);
            if (stop < limit && src[stop] == '"') {
                pendingString = -1;
                if (pendingRaw) {
                    target.escaped(QUOTE, 0, 1, pendingElement);
                }
                if (pendingElement) {
                    target.add((byte) '"');
                }
            } else if (stop == from) {
                if (complete) {
                    throw new IllegalStateException("a string runs past the bytes read");
                }
                return; // an escape that may go on in the bytes not read yet
            } else {
                pendingString += stop - from;
            }
            keepBuffersBounded();
        }
    }

    /** Leaves the string at the current token to be written as the parser moves past it. */
    private void deferString(boolean raw, boolean element) {
        pendingString = parser.currentTokenLocation().getByteOffset() + 1;
        pendingRaw = raw;
        pendingElement = element;
        if (raw) {
            target.escaped(QUOTE, 0, 1, element);
        }
    }

    /**
     * The input buffer is full: writes what is read of a pending string and lets go of every byte
     * no longer needed, which is all the parser has read unless a json document is being copied.
     */
    private void drain() throws IOException {
        if (parser == null) {
            return; // the parser is still detecting the encoding
        }
        if (pendingString >= 0) {
            writePendingString(false);
        }
        long needed = pendingString >= 0
                ? pendingString
                : rawStart >= 0 ? rawStart : parser.currentLocation().getByteOffset();
        input.release(needed);
        keepBuffersBounded();
    }

    /** Sends full output to the database and refuses a held row that outgrew the limit. */
    private void keepBuffersBounded() throws IOException {
        if (holding && values.length() > maxHeld) {
            throw JsonToCopyTextException.tooLargeToHold(maxHeld);
        }
        flushLines(FLUSH_AT);
    }

    private void flushLines(int atLeast) throws IOException {
        if (lines.length() >= atLeast) {
            out.write(lines.array(), 0, lines.length());
            lines.clear();
        }
    }

    /** Writes the held columns (NULL for those without a key) and ends the line. */
    private void endLine() {
        for (int i = written; i < starts.length; i++) {
            if (i > 0) {
                lines.add((byte) '\t');
            }
            if (starts[i] < 0) {
                lines.add(NULL);
            } else {
                lines.add(values.array(), starts[i], ends[i] - starts[i]);
            }
        }
        lines.add((byte) '\n');
        holding = false;
        target = lines;
    }

    private void value(Column column, JsonToken token) throws IOException {
        ValueEncoding encoding = column.encoding() == null ? ValueEncoding.STRING : column.encoding();
        switch (encoding) {
            case JSON -> json(token, false);
            case BASE64 -> bytea(token, false);
            case ARRAY -> array(token, column.elementEncoding());
            default -> scalar(token, false);
        }
    }

    /** Text, and numbers or booleans taken as their text. */
    private void scalar(JsonToken token, boolean element) throws IOException {
        switch (token) {
            case VALUE_STRING -> deferString(false, element);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> text(element);
            case VALUE_TRUE -> target.add(TRUE);
            case VALUE_FALSE -> target.add(FALSE);
            case START_OBJECT, START_ARRAY -> raw(element); // e.g. a json column written as a document
            default -> throw new JsonToCopyTextException("unexpected " + token.asString());
        }
    }

    private void json(JsonToken token, boolean element) throws IOException {
        switch (token) {
            case START_OBJECT, START_ARRAY, VALUE_NULL -> raw(element);
            case VALUE_STRING -> deferString(true, element);
            default -> scalar(token, element); // numbers come with their exact text
        }
    }

    /** Base64 decoded by the parser as it reads it, and written as hex a few kilobytes at a time. */
    private void bytea(JsonToken token, boolean element) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new JsonToCopyTextException("expected a base64 string for binary data");
        }
        target.add(element ? ELEMENT_HEX_PREFIX : HEX_PREFIX);
        try {
            parser.readBinaryValue(BASE64, hexOutput);
        } catch (JsonEOFException e) {
            throw e;
        } catch (JsonParseException
                | IllegalArgumentException e) { // the parser reports a bad character with the latter
            throw new JsonToCopyTextException("the value is not valid base64");
        }
    }

    /**
     * A JSON array as an array literal: nested arrays are dimensions, every element is quoted so
     * that text such as {@code NULL} or {@code a,b} stays text. A string is a literal with
     * explicit bounds, taken as it is. For jsonb elements an array is an element, not a dimension.
     */
    private void array(JsonToken token, ValueEncoding elementEncoding) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            deferString(false, false);
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            throw new JsonToCopyTextException("expected a JSON array");
        }
        ValueEncoding encoding = elementEncoding == null || elementEncoding == ValueEncoding.ARRAY
                ? ValueEncoding.STRING
                : elementEncoding;
        target.add((byte) '{');
        int depth = 1;
        boolean first = true;
        while (depth > 0) {
            JsonToken t = parser.nextToken();
            finishPendingString();
            if (t == null) {
                throw new JsonToCopyTextException("the file ends inside an array");
            }
            if (t == JsonToken.END_ARRAY) {
                target.add((byte) '}');
                depth--;
                first = false;
                continue;
            }
            if (!first) {
                target.add((byte) ',');
            }
            first = false;
            if (t == JsonToken.START_ARRAY && encoding != ValueEncoding.JSON) {
                target.add((byte) '{');
                depth++;
                first = true;
            } else if (t == JsonToken.VALUE_NULL) {
                target.add(NULL_ELEMENT);
            } else {
                target.add((byte) '"');
                switch (encoding) {
                    case JSON -> json(t, true);
                    case BASE64 -> bytea(t, true);
                    default -> scalar(t, true);
                }
                if (pendingString < 0) {
                    target.add((byte) '"'); // a deferred string closes its quotes when it is written
                }
            }
        }
    }

    private void text(boolean element) throws IOException {
        target.text(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), element);
    }

    /** An object's or array's bytes exactly as they are in the file, from its first to its last byte. */
    private void raw(boolean element) throws IOException {
        rawStart = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        long end = parser.currentLocation().getByteOffset();
        for (long from = rawStart; from < end; from += PIECE) {
            target.escaped(input.array(), input.index(from), (int) Math.min(PIECE, end - from), element);
            keepBuffersBounded();
        }
        rawStart = -1;
    }

    /** Bytes the parser decoded from base64, written as hex to the current value. */
    private final class HexOutput extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.hex(b, off, len);
            keepBuffersBounded();
        }
    }

    /** Where the JSON went wrong, without quoting any of it. */
    static String describe(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "the file ends in the middle of a row (truncated)";
        }
        if (e instanceof StreamConstraintsException) {
            return "a value is larger or more deeply nested than a restore accepts";
        }
        JsonLocation at = e.getLocation();
        return at == null
                ? "is not valid JSON"
                : "is not valid JSON (line " + at.getLineNr() + ", character " + at.getColumnNr() + ")";
    }
}
