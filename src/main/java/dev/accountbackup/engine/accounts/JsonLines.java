package dev.accountbackup.engine.accounts;

import dev.accountbackup.engine.codec.ByteScan;
import dev.accountbackup.engine.codec.JsonToCopyText;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a backup file's rows into lines, as exports write them: one JSON object a line, a
 * newline inside a value always escaped. A line is held whole, up to {@link #MAX_LINE} bytes.
 */
public final class JsonLines {

    /** The largest row held: the same bound as the restore's decoder puts on a value held whole. */
    public static final int MAX_LINE = JsonToCopyText.MAX_HELD_VALUE;

    /** A line is longer than {@link #MAX_LINE}. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(long row) {
            super("row " + row + " is larger than " + (MAX_LINE >> 20) + " MiB");
        }
    }

    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    /** Bytes from {@code start} up to here hold no newline: a long line is scanned once. */
    private int scanned;

    private boolean eof;
    private long rows;

    private int lineStart;
    private int lineLength;

    public JsonLines(InputStream in) {
        this.in = in;
    }

    /** Moves to the next non-empty line; false at the end of the input. */
    public boolean next() throws IOException {
        while (true) {
            int newline = ByteScan.indexOfNewline(buffer, Math.max(start, scanned), end);
            if (newline < 0) {
                scanned = end;
            } else {
                int from = start;
                start = newline + 1;
                if (newline > from) {
                    return line(from, newline - from);
                }
                continue;
            }
            if (eof) {
                if (end > start) {
                    int from = start;
                    start = end;
                    return line(from, end - from);
                }
                return false;
            }
            fill();
        }
    }

    private boolean line(int from, int length) {
        rows++;
        lineStart = from;
        lineLength = length;
        return true;
    }

    /** The current line's bytes lie in {@code buffer()[start() .. start() + length())}. */
    public byte[] buffer() {
        return buffer;
    }

    public int start() {
        return lineStart;
    }

    public int length() {
        return lineLength;
    }

    /** The number of the current line, from 1. */
    public long row() {
        return rows;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned = Math.max(0, scanned - start);
            start = 0;
        }
        if (end == buffer.length) {
            if (buffer.length >= MAX_LINE) {
                throw new LineTooLongException(rows + 1);
            }
            buffer = Arrays.copyOf(buffer, Math.min(MAX_LINE, buffer.length * 2));
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }
}
