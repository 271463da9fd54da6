package dev.accountbackup.engine.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a backup holds: written last, after every table file, so a backup directory without a
 * manifest is never taken for a complete backup.
 *
 * @param labels     provenance set by whoever made the backup, e.g. the AccountBackup or the restore that took a safety copy
 * @param objectLock the S3 Object Lock on every object of the backup; null when it is not locked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        int formatVersion,
        String backupId,
        Instant startedAt,
        Instant completedAt,
        SourceInfo source,
        Compression compression,
        Map<String, String> labels,
        List<TableEntry> tables,
        ObjectLock objectLock) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    /** A manifest of a backup without Object Lock. */
    public Manifest(int formatVersion, String backupId, Instant startedAt, Instant completedAt, SourceInfo source,
                    Compression compression, Map<String, String> labels, List<TableEntry> tables) {
        this(formatVersion, backupId, startedAt, completedAt, source, compression, labels, tables, null);
    }

    /** Whether an Object Lock still forbids deleting this backup at {@code now}. */
    public boolean lockedAt(Instant now) {
        return objectLock != null && objectLock.holdsAt(now);
    }

    public Optional<TableEntry> table(String schema, String name) {
        return tables.stream().filter(t -> t.schema().equals(schema) && t.name().equals(name)).findFirst();
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }

    public long totalBytes() {
        return tables.stream().mapToLong(TableEntry::bytes).sum();
    }
}
