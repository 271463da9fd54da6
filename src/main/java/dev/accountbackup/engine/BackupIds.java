package dev.accountbackup.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Backup ids: the UTC time the backup was started (or scheduled), so that ids sort by time. */
public final class BackupIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupIds() {
    }

    public static String fromTime(Instant time) {
        return FORMAT.format(time);
    }
}
