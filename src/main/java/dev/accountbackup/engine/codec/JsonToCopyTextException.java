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

    /** A problem found while writing a value, before the decoder knows which row and column it is. */
    JsonToCopyTextException(String reason) {
        this(0, null, reason);
    }

    JsonToCopyTextException(long row, String column, String reason) {
        super(describe(row, column, reason));
        this.row = row;
        this.column = column;
        this.reason = reason;
    }

    /** The same problem, placed at a row and column. */
    JsonToCopyTextException at(long atRow, String atColumn) {
        return new JsonToCopyTextException(atRow, atColumn, reason);
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
