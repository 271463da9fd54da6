package dev.accountbackup.engine.accounts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.codec.BackupRowJson;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.TableEntry;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a few fields of each row of a backup file: only as far as they go when the row is laid
 * out as exports write it ({@link OrderedFields}), else with a JSON parser that checks the whole
 * row. Values come as a JSON parser gives their text (null for NULL, for an object or an array).
 */
public final class RowFields {

    private static final JsonFactory JSON = BackupRowJson.factory().build();

    private final String table;
    /** Every column read, by name, to its slot. */
    private final Map<String, Integer> slots;

    private final OrderedFields ordered;

    /**
     * @param table the table whose file is read
     * @param slots the columns to read, each with the index of its value in the values array
     */
    RowFields(TableEntry table, Map<String, Integer> slots) {
        this.table = table.displayName();
        this.slots = Map.copyOf(slots);
        this.ordered = new OrderedFields(
                table.columns().stream().map(ColumnEntry::name).toList(), slots);
    }

    /** Reads {@code columns} of {@code table}'s rows, the value of {@code columns.get(i)} going to slot i. */
    public static RowFields of(TableEntry table, List<String> columns) {
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            slots.put(columns.get(i), i);
        }
        return new RowFields(table, slots);
    }

    /**
     * Reads the fields of the current line into {@code values} (one per slot).
     *
     * @return true when the row was read only as far as its fields, false when it was parsed (and checked) in full
     */
    public boolean read(JsonLines line, String[] values) throws IOException {
        Arrays.fill(values, null);
        if (ordered.read(line.buffer(), line.start(), line.start() + line.length(), values)) {
            return true;
        }
        if (!slots.isEmpty()) {
            Arrays.fill(values, null);
            parse(line, values);
        }
        return false;
    }

    /** Reads the fields with a JSON parser, checking the whole row (valid JSON, one object, no field twice). */
    public void parse(JsonLines line, String[] values) throws IOException {
        boolean[] seen = new boolean[values.length];
        try (JsonParser p = JSON.createParser(line.buffer(), line.start(), line.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt(line.row(), "is not a JSON object");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                Integer slot = slots.get(p.currentName());
                JsonToken value = p.nextToken();
                if (slot == null) {
                    p.skipChildren();
                    continue;
                }
                if (seen[slot]) {
                    throw corrupt(line.row(), "has a key twice");
                }
                seen[slot] = true;
                if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    values[slot] = p.getText();
                } else {
                    p.skipChildren(); // an object or array is no key
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw corrupt(line.row(), "is not one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw corrupt(line.row(), "is not valid JSON");
        }
    }

    private BackupException corrupt(long row, String what) {
        return new BackupException(Kind.CORRUPT, "row " + row + " of the backup file of table " + table + " " + what);
    }
}
