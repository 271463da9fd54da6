package dev.accountbackup.engine.schedule;

import dev.accountbackup.engine.BackupException;
import java.time.DateTimeException;
import java.time.ZoneId;

/** Reads IANA time zone names, with a hint for the usual mistakes (wrong case, fixed offsets). */
final class TimeZones {

    static final ZoneId DEFAULT = ZoneId.of("UTC");

    private TimeZones() {}

    /** Null or blank means UTC. */
    static ZoneId parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        String name = text.trim();
        // only region names: fixed offsets such as +02:00 would silently ignore daylight saving
        if (ZoneId.getAvailableZoneIds().contains(name)) {
            try {
                return ZoneId.of(name);
            } catch (DateTimeException e) {
                // listed but without rules in this JVM: reported like an unknown name
            }
        }
        String hint = ZoneId.getAvailableZoneIds().stream()
                .filter(id -> id.equalsIgnoreCase(name))
                .findFirst()
                .map(id -> " (did you mean " + id + "?)")
                .orElse("");
        throw BackupException.invalid("timeZone \"" + name + "\" is not a time zone name" + hint
                + ": use an IANA time zone such as Europe/Paris, America/New_York or UTC");
    }
}
