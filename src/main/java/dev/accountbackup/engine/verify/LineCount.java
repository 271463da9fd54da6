package dev.accountbackup.engine.verify;

import dev.accountbackup.engine.storage.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of a JSON Lines stream: every row ends with '\n', so rows are counted as newlines
 * without decoding any JSON.
 *
 * @param unterminatedTail bytes follow the last newline: a row was cut off
 */
record LineCount(long lines, boolean unterminatedTail) {

    static LineCount of(InputStream in) throws IOException {
        byte[] buffer = new byte[HashingInputStream.BUFFER];
        long lines = 0;
        byte last = '\n';
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
            if (n > 0) {
                last = buffer[n - 1];
            }
        }
        return new LineCount(lines, last != '\n');
    }
}
