package dev.accountbackup.engine.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.accountbackup.engine.catalog.ValueEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 */
public final class JsonToCopyText {

    /** A column to write, with the encoding its values have in the backup file. */
    public record Column(String name, ValueEncoding encoding, ValueEncoding elementEncoding) {
    }

    /**
     * Limits generous enough for anything PostgreSQL stores: a text value up to its 1 GB limit,
     * numeric's 147,000 digits, jsonb nested deeply.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(1_000_000)
                    .maxNestingDepth(10_000)
                    .build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final int FLUSH_AT = 1 << 16;
    private static final int NO_MORE_FIELDS = -2;
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] NULL_ELEMENT = "NULL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    /** {@code \x} escaped for COPY text. */
    private static final byte[] HEX_PREFIX = {'\\', '\\', 'x'};
    /** {@code \x} escaped for a quoted array element, then for COPY text. */
    private static final byte[] ELEMENT_HEX_PREFIX = {'\\', '\\', '\\', '\\', 'x'};

    private final Column[] columns;
    /** Column names for the parser to match against the file's bytes, sparing it a symbol table look-up. */
    private final SerializedString[] expectedNames;
    private final Map<String, Integer> slots = new HashMap<>();
    /** Where each column's value of the current row lies in {@link #values}; -1 for NULL. */
    private final int[] starts;
    private final int[] ends;
    private final JsonToCopyTextBuffer values = new JsonToCopyTextBuffer(8192);
    private final JsonToCopyTextBuffer lines = new JsonToCopyTextBuffer(FLUSH_AT + 8192);

    private JsonParser parser;
    private JsonToCopyTextInput input;
    private int nextGuess;

    /*
     * A string value is written from the file's bytes, not from the parser's decoded characters:
     * it is taken up once the parser has moved past it (and so has checked it), when all of its
     * bytes are in the input buffer.
     */
    /** Stream offset of the opening quote of a string not yet written, or -1. */
    private long pendingString = -1;
    /** Write it as JSON text (a jsonb string) rather than as the text it stands for. */
    private boolean pendingRaw;
    /** It is an array element: close the element's quotes after it. */
    private boolean pendingElement;
    /** The column whose value ends with it, or -1 inside an array. */
    private int pendingSlot = -1;

    /** @param columns the columns to write, in the order of the COPY column list */
    public JsonToCopyText(List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no columns to write");
        }
        this.columns = columns.toArray(new Column[0]);
        this.expectedNames = new SerializedString[this.columns.length];
        for (int i = 0; i < this.columns.length; i++) {
            String name = this.columns[i].name();
            expectedNames[i] = new SerializedString(name);
            if (slots.put(name, i) != null) {
                throw new IllegalArgumentException("column " + name + " is listed twice");
            }
        }
        starts = new int[this.columns.length];
        ends = new int[this.columns.length];
    }

    /**
     * Reads rows until the end of the input and writes one COPY text line per row.
     *
     * @return the number of rows
     * @throws JsonToCopyTextException when a row is not valid (the message names row and column, never the value)
     * @throws IOException              when reading or writing fails
     */
    public long transfer(InputStream jsonLines, OutputStream copyText) throws IOException {
        input = new JsonToCopyTextInput(jsonLines);
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
                writeLine();
                rows = row;
                if (lines.length() >= FLUSH_AT) {
                    copyText.write(lines.array(), 0, lines.length());
                    lines.clear();
                }
            }
        } catch (JsonProcessingException e) {
            throw new JsonToCopyTextException(rows + 1, null, describe(e));
        } finally {
            parser = null;
            input = null;
            pendingString = -1;
        }
        if (lines.length() > 0) {
            copyText.write(lines.array(), 0, lines.length());
            lines.clear();
        }
        return rows;
    }

    private void readRow(long row) throws IOException {
        Arrays.fill(starts, -1);
        values.clear();
        nextGuess = 0;
        int slot;
        while ((slot = nextSlot()) != NO_MORE_FIELDS) {
            finishPendingValue(row);
            JsonToken token = parser.nextToken();
            if (slot < 0) {
                parser.skipChildren(); // a column the target no longer has
                continue;
            }
            if (token == JsonToken.VALUE_NULL && columns[slot].encoding() != ValueEncoding.JSON) {
                starts[slot] = -1; // SQL NULL; in a jsonb column, null is the JSON value null and SQL NULL a missing key
                continue;
            }
            int start = values.length();
            try {
                value(columns[slot], token);
            } catch (JsonToCopyTextException e) {
                throw e.at(row, columns[slot].name());
            }
            starts[slot] = start;
            if (pendingString >= 0) {
                pendingSlot = slot;
            } else {
                ends[slot] = values.length();
            }
        }
        finishPendingValue(row);
    }

    private void finishPendingValue(long row) throws JsonToCopyTextException {
        if (pendingString < 0) {
            return;
        }
        int slot = pendingSlot;
        try {
            finishPendingString();
        } catch (JsonToCopyTextException e) {
            throw e.at(row, columns[slot].name());
        }
        ends[slot] = values.length();
        pendingSlot = -1;
    }

    /** Writes the string the parser has just moved past. */
    private void finishPendingString() throws JsonToCopyTextException {
        if (pendingString < 0) {
            return;
        }
        int quote = input.index(pendingString);
        if (pendingRaw) {
            values.escapedJsonString(input.array(), quote, input.length(), pendingElement);
        } else {
            values.jsonString(input.array(), quote, input.length(), pendingElement);
        }
        if (pendingElement) {
            values.add((byte) '"');
        }
        pendingString = -1;
    }

    /** Leaves the string at the current token to be written once the parser has moved past it. */
    private void deferString(boolean raw, boolean element) {
        pendingString = parser.currentTokenLocation().getByteOffset();
        pendingRaw = raw;
        pendingElement = element;
    }

    /**
     * The slot of the row's next field, -1 for a column the target does not have, {@link #NO_MORE_FIELDS}
     * at the end of the row. Files list the columns in order, so the expected name is tried first.
     */
    private int nextSlot() throws IOException {
        int guess = nextGuess;
        if (guess < expectedNames.length) {
            if (parser.nextFieldName(expectedNames[guess])) {
                nextGuess = guess + 1;
                return guess;
            }
            if (parser.currentToken() != JsonToken.FIELD_NAME) {
                return NO_MORE_FIELDS;
            }
            return slotOf(parser.currentName());
        }
        String name = parser.nextFieldName();
        return name == null ? NO_MORE_FIELDS : slotOf(name);
    }

    private int slotOf(String name) {
        Integer slot = slots.get(name);
        if (slot == null) {
            return -1;
        }
        nextGuess = slot + 1;
        return slot;
    }

    private void writeLine() {
        for (int i = 0; i < starts.length; i++) {
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
            case VALUE_TRUE -> values.add(TRUE);
            case VALUE_FALSE -> values.add(FALSE);
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

    private void bytea(JsonToken token, boolean element) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new JsonToCopyTextException("expected a base64 string for binary data");
        }
        values.add(element ? ELEMENT_HEX_PREFIX : HEX_PREFIX);
        values.hexOfBase64(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
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
        ValueEncoding encoding = elementEncoding == null || elementEncoding == ValueEncoding.ARRAY ? ValueEncoding.STRING : elementEncoding;
        values.add((byte) '{');
        int depth = 1;
        boolean first = true;
        while (depth > 0) {
            JsonToken t = parser.nextToken();
            finishPendingString();
            if (t == null) {
                throw new JsonToCopyTextException("the file ends inside an array");
            }
            if (t == JsonToken.END_ARRAY) {
                values.add((byte) '}');
                depth--;
                first = false;
                continue;
            }
            if (!first) {
                values.add((byte) ',');
            }
            first = false;
            if (t == JsonToken.START_ARRAY && encoding != ValueEncoding.JSON) {
                values.add((byte) '{');
                depth++;
                first = true;
            } else if (t == JsonToken.VALUE_NULL) {
                values.add(NULL_ELEMENT);
            } else {
                values.add((byte) '"');
                switch (encoding) {
                    case JSON -> json(t, true);
                    case BASE64 -> bytea(t, true);
                    default -> scalar(t, true);
                }
                if (pendingString < 0) {
                    values.add((byte) '"'); // a deferred string closes its quotes when it is written
                }
            }
        }
    }

    private void text(boolean element) throws IOException {
        values.text(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), element);
    }

    /** An object's or array's bytes exactly as they are in the file, from its first to its last byte. */
    private void raw(boolean element) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        long end = parser.currentLocation().getByteOffset();
        values.escaped(input.array(), input.index(start), (int) (end - start), element);
    }

    /** Where the JSON went wrong, without quoting any of it. */
    private static String describe(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "the file ends in the middle of a row (truncated)";
        }
        if (e instanceof StreamConstraintsException) {
            return "a value is larger or more deeply nested than a restore accepts";
        }
        JsonLocation at = e.getLocation();
        return at == null ? "is not valid JSON" : "is not valid JSON (line " + at.getLineNr() + ", character " + at.getColumnNr() + ")";
    }
}
