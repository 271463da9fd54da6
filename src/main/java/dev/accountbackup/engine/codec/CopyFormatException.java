package dev.accountbackup.engine.codec;

import java.io.IOException;

/**
 * PostgreSQL's COPY output did not have the shape the column list says it has. The message names
 * the row number and column, never the value: values may be personal data.
 */
public class CopyFormatException extends IOException {

    public CopyFormatException(String message) {
        super(message);
    }
}
