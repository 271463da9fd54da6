package dev.accountbackup.engine.codec;

import java.io.IOException;

/**
 * A row of a backup file that cannot be turned into COPY text: not JSON, not an object, or a value
 * that does not fit its column's encoding. The message names the row and column, never the value.
 */
public final class JsonToCopyTextException extends IOException {

    private final long row;
    private final String column;
    private final String reason;
    private final boolean tooLarge;

    /** A problem found while writing a value, before the decoder knows which row and column it is. */
    JsonToCopyTextException(String reason) {
        this(0, null, reason, false);
    }

    JsonToCopyTextException(long row, String column, String reason) {
        this(row, column, reason, false);
    }

    private JsonToCopyTextException(long row, String column, String reason, boolean tooLarge) {
        super(describe(row, column, reason));
        this.row = row;
        this.column = column;
        this.reason = reason;
        this.tooLarge = tooLarge;
    }

    /** A value that would have to be held in memory whole and is larger than {@code maxBytes}. */
    static JsonToCopyTextException tooLargeToHold(int maxBytes) {
        return new JsonToCopyTextException(
                0,
                null,
                "the value is larger than the " + (maxBytes >> 20) + " MiB a restore holds in memory"
                        + " for a value it cannot stream (a json or jsonb document, or any value of a row whose keys are not in column order)",
                true);
    }

    /** The same problem, placed at a row and column. */
    JsonToCopyTextException at(long atRow, String atColumn) {
        return new JsonToCopyTextException(atRow, atColumn, reason, tooLarge);
    }

    /** The file is valid but a value in it is larger than a restore holds in memory: not damage, a limit. */
    public boolean tooLarge() {
        return tooLarge;
    }

    /** 1-based number of the row in the file; 0 when not known. */
    public long row() {
        return row;
    }

    /** The column whose value is wrong, or null when the row itself is. */
    public String column() {
        return column;
    }

    public String reason() {
        return reason;
    }

    private static String describe(long row, String column, String reason) {
        StringBuilder b = new StringBuilder();
        if (row > 0) {
            b.append("row ").append(row);
        }
        if (column != null) {
            b.append(b.length() > 0 ? ", " : "").append("column ").append(column);
        }
        return b.length() > 0 ? b.append(": ").append(reason).toString() : reason;
    }
}
