package dev.accountbackup.engine.codec;

/**
 * Dates and timestamps as PostgreSQL writes them (the bytes of their text) with DateStyle ISO ({@code 2016-04-11 22:43:41.720166+00}), turned
 * into the binary format's counts since 2000-01-01. Any other form (BC, years past 9999, a 'T', more than six
 * fractional digits, no offset on a timestamptz) falls back to the text format, which the server reads as it always
 * did.
 */
final class IsoDateTimes {

    /** 2000-01-01 in days since 1970-01-01. */
    private static final long POSTGRES_EPOCH_DAY = 10_957;

    private static final long MICROS_PER_SECOND = 1_000_000;

    private IsoDateTimes() {}

    /** Days since 2000-01-01; infinity and -infinity as PostgreSQL stores them. */
    static int date(byte[] c, int off, int len) throws BinaryCopyFallback {
        if (is(c, off, len, "infinity")) {
            return Integer.MAX_VALUE;
        }
        if (is(c, off, len, "-infinity")) {
            return Integer.MIN_VALUE;
        }
        if (len != 10) {
            throw unusual("date");
        }
        return (int) (day(c, off, off + len) - POSTGRES_EPOCH_DAY);
    }

    /**
     * Microseconds since 2000-01-01 00:00 (UTC for a timestamptz); infinity and -infinity as PostgreSQL stores them.
     *
     * @param zoned a timestamptz, whose value must carry its offset; a timestamp must carry none (the server would
     *              ignore it)
     */
    static long timestamp(byte[] c, int off, int len, boolean zoned) throws BinaryCopyFallback {
        if (is(c, off, len, "infinity")) {
            return Long.MAX_VALUE;
        }
        if (is(c, off, len, "-infinity")) {
            return Long.MIN_VALUE;
        }
        int end = off + len;
        if (len < 19 || c[off + 10] != ' ' || c[off + 13] != ':' || c[off + 16] != ':') {
            throw unusual("timestamp");
        }
        long days = day(c, off, end);
        int hour = digits(c, off + 11, 2, end);
        int minute = digits(c, off + 14, 2, end);
        int second = digits(c, off + 17, 2, end);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            throw unusual("timestamp");
        }
        int i = off + 19;
        long micros = 0;
        if (i < end && c[i] == '.') {
            int from = ++i;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                micros = micros * 10 + (c[i++] - '0');
            }
            int fractionDigits = i - from;
            if (fractionDigits == 0 || fractionDigits > 6) {
                throw unusual("timestamp"); // more digits would be rounded by the server
            }
            for (int d = fractionDigits; d < 6; d++) {
                micros *= 10;
            }
        }
        long offsetSeconds = 0;
        if (zoned) {
            if (i + 3 > end || (c[i] != '+' && c[i] != '-')) {
                throw unusual("timestamp"); // without an offset, the session's time zone would decide
            }
            int sign = c[i] == '-' ? -1 : 1;
            int[] parts = {digits(c, i + 1, 2, end), 0, 0};
            i += 3;
            for (int p = 1; p < 3 && i < end && c[i] == ':'; p++, i += 3) {
                parts[p] = digits(c, i + 1, 2, end);
            }
            if (parts[0] < 0 || parts[0] > 15 || parts[1] < 0 || parts[1] > 59 || parts[2] < 0 || parts[2] > 59) {
                throw unusual("timestamp");
            }
            offsetSeconds = sign * (parts[0] * 3600L + parts[1] * 60L + parts[2]);
        }
        if (i != end) {
            throw unusual("timestamp");
        }
        long seconds = (days - POSTGRES_EPOCH_DAY) * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * MICROS_PER_SECOND + micros;
    }

    /** {@code YYYY-MM-DD} at {@code off}, years 1 to 9999, as days since 1970-01-01. */
    private static long day(byte[] c, int off, int end) throws BinaryCopyFallback {
        int year = digits(c, off, 4, end);
        int month = digits(c, off + 5, 2, end);
        int day = digits(c, off + 8, 2, end);
        if (year < 1
                || c[off + 4] != '-'
                || c[off + 7] != '-'
                || month < 1
                || month > 12
                || day < 1
                || day > daysIn(year, month)) {
            throw unusual("date");
        }
        // days from the civil date (H. Hinnant's algorithm), for years from 1 on
        int y = month <= 2 ? year - 1 : year;
        int era = y / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The number written by {@code count} digits at {@code at}, or -1. */
    private static int digits(byte[] c, int at, int count, int end) {
        if (at + count > end) {
            return -1;
        }
        int v = 0;
        for (int i = at; i < at + count; i++) {
            if (c[i] < '0' || c[i] > '9') {
                return -1;
            }
            v = v * 10 + (c[i] - '0');
        }
        return v;
    }

    private static boolean is(byte[] c, int off, int len, String word) {
        if (len != word.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (c[off + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static BinaryCopyFallback unusual(String what) {
        return new BinaryCopyFallback("the " + what + " is not in the form the export writes");
    }
}
