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
 * @param encryption how the table files are encrypted; null when they are not
 * @param accounts   the accounts the backup holds when it holds only some (a safety copy of chosen accounts); null for whole tables
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
        ObjectLock objectLock,
        Encryption encryption,
        AccountsScope accounts) {

    /** Written for backups without encryption, which versions before encryption read too. */
    public static final int FORMAT_VERSION = 1;
    /** Written for encrypted backups: versions before encryption refuse them rather than take ciphertext for zstd. */
    public static final int ENCRYPTED_FORMAT_VERSION = 2;
    /**
     * Written for backups of chosen accounts only: versions that would restore them as whole tables (and let
     * Replace delete every other account's rows) refuse them.
     */
    public static final int ACCOUNTS_FORMAT_VERSION = 3;
    /** The newest format this version reads. */
    public static final int NEWEST_FORMAT_VERSION = ACCOUNTS_FORMAT_VERSION;

    public static final String FILE_NAME = "manifest.json";

    /** A manifest of a backup of whole tables. */
    public Manifest(
            int formatVersion,
            String backupId,
            Instant startedAt,
            Instant completedAt,
            SourceInfo source,
            Compression compression,
            Map<String, String> labels,
            List<TableEntry> tables,
            ObjectLock objectLock,
            Encryption encryption) {
        this(
                formatVersion,
                backupId,
                startedAt,
                completedAt,
                source,
                compression,
                labels,
                tables,
                objectLock,
                encryption,
                null);
    }

    /** A manifest of a backup without Object Lock nor encryption. */
    public Manifest(
            int formatVersion,
            String backupId,
            Instant startedAt,
            Instant completedAt,
            SourceInfo source,
            Compression compression,
            Map<String, String> labels,
            List<TableEntry> tables) {
        this(formatVersion, backupId, startedAt, completedAt, source, compression, labels, tables, null, null, null);
    }

    /** A manifest of a backup without encryption. */
    public Manifest(
            int formatVersion,
            String backupId,
            Instant startedAt,
            Instant completedAt,
            SourceInfo source,
            Compression compression,
            Map<String, String> labels,
            List<TableEntry> tables,
            ObjectLock objectLock) {
        this(
                formatVersion,
                backupId,
                startedAt,
                completedAt,
                source,
                compression,
                labels,
                tables,
                objectLock,
                null,
                null);
    }

    /** Whether an Object Lock still forbids deleting this backup at {@code now}. */
    public boolean lockedAt(Instant now) {
        return objectLock != null && objectLock.holdsAt(now);
    }

    public Optional<TableEntry> table(String schema, String name) {
        return tables.stream()
                .filter(t -> t.schema().equals(schema) && t.name().equals(name))
                .findFirst();
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }

    public long totalBytes() {
        return tables.stream().mapToLong(TableEntry::bytes).sum();
    }
}
