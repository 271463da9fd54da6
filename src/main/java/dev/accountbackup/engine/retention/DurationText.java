package dev.accountbackup.engine.retention;

import dev.accountbackup.engine.BackupException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in a spec: a number and a unit, several combined largest first:
 * {@code 14d}, {@code 12h}, {@code 30m}, {@code 2w}, {@code 1d12h}. Units: w (7 days), d (24 hours),
 * h, m. {@code 0} alone is zero.
 */
public final class DurationText {

    private static final Pattern FORMAT = Pattern.compile("(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?");
    private static final long[] UNIT_MINUTES = {7 * 24 * 60, 24 * 60, 60, 1};

    private DurationText() {}

    /**
     * @param field the spec field, named in the error message
     * @throws BackupException INVALID when the text is not such a duration
     */
    public static Duration parse(String field, String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(trimmed);
        if (trimmed.isEmpty() || !m.matches()) {
            throw BackupException.invalid(
                    field + " \"" + (text == null ? "" : text.trim()) + "\" is not a duration: write a number"
                            + " with a unit, w (weeks), d (days), h (hours) or m (minutes), combined largest first,"
                            + " e.g. 14d, 12h, 30m, 2w or 1d12h");
        }
        try {
            long minutes = 0;
            for (int group = 1; group <= UNIT_MINUTES.length; group++) {
                if (m.group(group) != null) {
                    minutes = Math.addExact(
                            minutes, Math.multiplyExact(Long.parseLong(m.group(group)), UNIT_MINUTES[group - 1]));
                }
            }
            return Duration.ofMinutes(minutes);
        } catch (NumberFormatException | ArithmeticException e) {
            throw BackupException.invalid(field + " \"" + text.trim() + "\" is too large");
        }
    }

    /** e.g. {@code 15d3h}, {@code 45m}, {@code 0m}; whole minutes, days as the largest unit. */
    public static String format(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes == 0) {
            return "0m";
        }
        StringBuilder out = new StringBuilder(minutes < 0 ? "-" : "");
        long rest = Math.abs(minutes);
        long days = rest / (24 * 60);
        long hours = rest / 60 % 24;
        long mins = rest % 60;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (mins > 0) {
            out.append(mins).append('m');
        }
        return out.toString();
    }
}
