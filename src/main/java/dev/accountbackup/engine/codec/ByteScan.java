package dev.accountbackup.engine.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next byte that needs attention eight bytes at a time (SWAR: bit tricks on a long):
 * most text in account tables needs no escaping, so skipping it in words instead of bytes is
 * what makes the conversion keep up with PostgreSQL.
 */
public final class ByteScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private ByteScan() {}

    /**
     * The index of the first byte at or after {@code p} that is a control character, a quote or a
     * backslash. The caller guarantees such a byte exists in the array (a row's LF).
     */
    static int nextStringSpecial(byte[] b, int p) {
        return nextStringSpecial(b, p, b.length);
    }

    /** The index of the first control character, quote or backslash in {@code b[p .. end)}, or {@code end}. */
    public static int nextStringSpecial(byte[] b, int p, int end) {
        while (p <= end - 8) {
            long w = (long) LONGS.get(b, p);
            long found = below(w, SPACES) | zeroByte(w ^ QUOTES) | zeroByte(w ^ BACKSLASHES);
            if (found != 0) {
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            p += 8;
        }
        while (p < end) {
            int c = b[p] & 0xFF;
            if (c < 0x20 || c == '"' || c == '\\') {
                return p;
            }
            p++;
        }
        return end;
    }

    /**
     * The index of the first byte at or after {@code p} that is a control character or a
     * backslash; as above, such a byte must exist.
     */
    static int nextControlOrBackslash(byte[] b, int p) {
        int limit = b.length - 8;
        while (p <= limit) {
            long w = (long) LONGS.get(b, p);
            long found = below(w, SPACES) | zeroByte(w ^ BACKSLASHES);
            if (found != 0) {
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            p += 8;
        }
        while (true) {
            int c = b[p] & 0xFF;
            if (c < 0x20 || c == '\\') {
                return p;
            }
            p++;
        }
    }

    /** The index of the first LF in {@code b[from .. to)}, or -1: splits JSON Lines without a loop per byte. */
    public static int indexOfNewline(byte[] b, int from, int to) {
        int p = from;
        while (p <= to - 8) {
            long found = zeroByte((long) LONGS.get(b, p) ^ NEWLINES);
            if (found != 0) {
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            p += 8;
        }
        for (; p < to; p++) {
            if (b[p] == '\n') {
                return p;
            }
        }
        return -1;
    }

    /**
     * High bit set in each byte of {@code w} that is below the byte value repeated in
     * {@code limits} (at most 0x80). Bytes above a match may be flagged too, never bytes below
     * one, so the lowest flag is exact.
     */
    private static long below(long w, long limits) {
        return (w - limits) & ~w & HIGH_BITS;
    }

    private static long zeroByte(long w) {
        return below(w, ONES);
    }
}
