package dev.accountbackup.engine.accounts;

import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of a JSON Lines stream that a filter keeps, read line by line on demand. The whole
 * input is read (so a hash over it can be checked), whatever is kept.
 */
public abstract class KeptLines extends InputStream {

    private final InputStream input;
    private JsonLines lines;
    private boolean finished;

    private byte[] pending = new byte[0];
    private int pendingStart;
    private int pendingEnd;

    protected KeptLines(InputStream input) {
        this.input = input;
    }

    /** Whether the current line is kept. */
    protected abstract boolean keep(JsonLines line) throws IOException;

    /** Called once, after the last line, with the number of lines read. */
    protected abstract void finish(long rows);

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pendingStart == pendingEnd) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, pendingEnd - pendingStart);
        System.arraycopy(pending, pendingStart, b, off, n);
        pendingStart += n;
        return n;
    }

    /** Reads lines up to the next kept one and makes it (with its newline) pending; false at the end. */
    private boolean advance() throws IOException {
        if (finished) {
            return false;
        }
        if (lines == null) {
            lines = new JsonLines(input);
        }
        while (lines.next()) {
            if (keep(lines)) {
                if (pending.length < lines.length() + 1) {
                    pending = new byte[Math.max(lines.length() + 1, 2 * pending.length)];
                }
                System.arraycopy(lines.buffer(), lines.start(), pending, 0, lines.length());
                pending[lines.length()] = '\n';
                pendingStart = 0;
                pendingEnd = lines.length() + 1;
                return true;
            }
        }
        finished = true;
        finish(lines.row());
        return false;
    }
}
