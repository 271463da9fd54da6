package dev.accountbackup.engine.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.accountbackup.engine.BackupException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the standard 5-field cron syntax (as crontab and Kubernetes CronJobs write it) and the
 * {@code @} macros, and turns every mistake into a message that names the field at fault.
 */
final class CronText {

    static final List<String> FIELD_NAMES = List.of("minute", "hour", "day-of-month", "month", "day-of-week");

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private static final String MACRO_LIST = "@hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually";
    private static final String SYNTAX_HINT = "a schedule is 5 fields, minute hour day-of-month month day-of-week"
            + " (e.g. \"0 2 * * *\" for 02:00 every day), or one of " + MACRO_LIST;

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CronText() {}

    /** The 5 fields of a schedule, macros expanded, separated by single spaces. */
    static String expand(String text) {
        if (text == null || text.isBlank()) {
            throw BackupException.invalid("schedule is empty: " + SYNTAX_HINT);
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("@")) {
            String macro = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
            if (macro == null) {
                throw BackupException.invalid("schedule \"" + trimmed + "\" is not a known macro: use one of "
                        + MACRO_LIST + ", or a 5-field cron expression such as \"0 2 * * *\"");
            }
            return macro;
        }
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (upper.startsWith("TZ=") || upper.startsWith("CRON_TZ=")) {
            throw BackupException.invalid("schedule \"" + trimmed + "\" carries a time zone: put the zone in timeZone"
                    + " and keep only the cron expression in schedule");
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != FIELD_NAMES.size()) {
            throw BackupException.invalid("schedule \"" + trimmed + "\" has " + fields.length + " field"
                    + (fields.length == 1 ? "" : "s") + ": " + SYNTAX_HINT);
        }
        return String.join(" ", fields);
    }

    /** Parses expanded fields (see {@link #expand}); {@code original} is what the user wrote, for messages. */
    static Cron parse(String fields, String original) {
        try {
            return PARSER.parse(fields);
        } catch (IllegalArgumentException e) {
            throw invalidField(fields, original.trim(), e);
        }
    }

    /** Finds the field cron-utils objected to by parsing each one alone, so the message can name it. */
    private static BackupException invalidField(String fields, String original, IllegalArgumentException whole) {
        String[] parts = fields.split(" ");
        for (int i = 0; i < parts.length; i++) {
            String[] probe = {"*", "*", "*", "*", "*"};
            probe[i] = parts[i];
            try {
                PARSER.parse(String.join(" ", probe));
            } catch (IllegalArgumentException e) {
                return BackupException.invalid("schedule \"" + original + "\": the " + FIELD_NAMES.get(i) + " field \""
                        + parts[i] + "\" is invalid (" + reason(e) + "); " + SYNTAX_HINT);
            }
        }
        return BackupException.invalid(
                "schedule \"" + original + "\" is invalid (" + reason(whole) + "); " + SYNTAX_HINT);
    }

    private static String reason(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "not understood" : e.getMessage();
        return message.replace("Failed to parse cron expression. ", "").trim();
    }
}
