package dev.accountbackup.engine.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which of the columns to write each key of a row names. */
final class ColumnSlots {

    /** The row has no more keys. */
    static final int NO_MORE_FIELDS = -2;
    /** A key the target has no column for. */
    static final int UNKNOWN = -1;

    /** Column names for the parser to match against the file's bytes, sparing it a symbol table look-up. */
    private final SerializedString[] expectedNames;

    private final Map<String, Integer> slots = new HashMap<>();
    private int nextGuess;

    /** @param names the columns in the order they are written */
    ColumnSlots(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no columns to write");
        }
        expectedNames = new SerializedString[names.size()];
        for (int i = 0; i < expectedNames.length; i++) {
            expectedNames[i] = new SerializedString(names.get(i));
            if (slots.put(names.get(i), i) != null) {
                throw new IllegalArgumentException("column " + names.get(i) + " is listed twice");
            }
        }
    }

    int size() {
        return expectedNames.length;
    }

    /** Starts a row: its first key is expected to name the first column. */
    void newRow() {
        nextGuess = 0;
    }

    /**
     * Moves the parser to the row's next key and returns its slot, {@link #UNKNOWN} or {@link #NO_MORE_FIELDS}.
     * Files list the columns in order, so the expected name is tried first.
     */
    int next(JsonParser parser) throws IOException {
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
            return UNKNOWN;
        }
        nextGuess = slot + 1;
        return slot;
    }
}
