package dev.accountbackup.engine.codec;

import java.io.IOException;

/**
 * A value the binary COPY format cannot carry exactly as the text format would (an unusual but valid form, a type
 * the file does not usually hold, a value too large to hold): the table is loaded in text format instead. The
 * message names the row and column, never the value.
 */
public final class BinaryCopyFallback extends IOException {

    private final String reason;

    BinaryCopyFallback(String reason) {
        this(0, null, reason);
    }

    BinaryCopyFallback(long row, String column, String reason) {
        super((row > 0 ? "row " + row + ", " : "") + (column != null ? "column " + column + ": " : "") + reason);
        this.reason = reason;
    }

    /** The same reason, placed at a row and column. */
    BinaryCopyFallback at(long row, String column) {
        return new BinaryCopyFallback(row, column, reason);
    }
}
