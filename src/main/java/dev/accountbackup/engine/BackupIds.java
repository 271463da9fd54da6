package dev.accountbackup.engine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Backup ids: the UTC time the backup was started (or scheduled), so that ids sort by time. */
public final class BackupIds {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final int ID_LENGTH = "20260101T000000Z".length();

    private BackupIds() {}

    public static String fromTime(Instant time) {
        return FORMAT.format(time);
    }

    /** The time an id names, when it starts with one (ids of other shapes name none). */
    public static Optional<Instant> timeOf(String id) {
        if (id == null || id.length() < ID_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(FORMAT.parse(id.substring(0, ID_LENGTH))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
