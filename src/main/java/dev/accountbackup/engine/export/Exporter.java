package dev.accountbackup.engine.export;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.crypto.DataKey;
import dev.accountbackup.engine.crypto.FileCipher;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.AccountsScope;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.manifest.SourceInfo;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.masking.MaskPlan;
import dev.accountbackup.engine.storage.BackupLocation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports tables as one backup: a JSON Lines file per table and, written last, the manifest that
 * makes the backup complete. Tables, and ranges of large tables, are read on several connections
 * at once that share one snapshot ({@link SnapshotReaders}), so they agree with each other at one
 * point in time as if read in one transaction. A failed or interrupted export leaves nothing behind.
 */
public final class Exporter {

    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

    /** Backup ids become folder names in every store: keep them to characters that are safe everywhere. */
    /** The manifest label of a masked export: which columns were masked, and how. */
    public static final String MASKED_LABEL = "accountbackup.dev/masked-columns";

    private static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final long minPagesToSplit;

    public Exporter() {
        this(TableParts.MIN_PAGES_TO_SPLIT);
    }

    /** @param minPagesToSplit tables from this many pages are read in ranges (tests split small tables) */
    Exporter(long minPagesToSplit) {
        this.minPagesToSplit = minPagesToSplit;
    }

    /**
     * Connects, reads every requested table in one REPEATABLE READ, READ ONLY snapshot, on up to
     * {@link ExportRequest#readers()} connections, and stores the backup under {@code
     * request.backupId()} (or an id made from the start time).
     */
    public Manifest export(ExportRequest request) {
        Objects.requireNonNull(request, "request");
        DatabaseTarget database = Objects.requireNonNull(request.database(), "database");
        BackupLocation location = Objects.requireNonNull(request.location(), "location");
        if (request.tables() == null || request.tables().isEmpty()) {
            throw BackupException.invalid("no tables to export: list the tables to back up in 'tables'");
        }
        Instant started = Instant.now();
        String backupId = request.backupId() == null || request.backupId().isBlank()
                ? BackupIds.fromTime(started)
                : request.backupId();
        requireValidBackupId(backupId);
        int parallelism = request.readers();
        Connection connection = Connections.open(database);
        List<Connection> helpers = List.of();
        try {
            connection.setAutoCommit(false);
            SnapshotReaders.begin(connection);
            String snapshot = parallelism > 1 ? SnapshotReaders.share(connection) : null;
            List<TableSchema> tables = new TableResolver(connection).resolveAll(request.tables());
            SourceInfo source =
                    new SourceInfo(database.host(), database.port(), database.database(), serverVersion(connection));
            MaskPlan masks = request.masking() == null
                    ? null
                    : MaskPlan.of(
                            request.masking().rules(),
                            request.masking().salt(),
                            tables.stream().map(Exporter::describe).toList());
            List<TablePart> parts = snapshot == null
                    ? TableParts.whole(tables)
                    : TableParts.plan(connection, tables, parallelism, minPagesToSplit);
            if (snapshot != null) {
                helpers = SnapshotReaders.join(database, snapshot, Math.min(parallelism, parts.size()) - 1);
            }
            List<Connection> readers = new ArrayList<>();
            readers.add(connection);
            readers.addAll(helpers);
            Manifest manifest = exportTables(
                    readers,
                    source,
                    tables,
                    parts,
                    location,
                    backupId,
                    request.compression(),
                    maskedLabels(request, masks),
                    started,
                    masks,
                    null);
            endReadOnlyTransaction(connection);
            return manifest;
        } catch (SQLException e) {
            throw SqlFailures.whileExporting("starting the export transaction on " + database.describe(), e);
        } finally {
            helpers.forEach(Connections::closeQuietly);
            Connections.closeQuietly(connection);
        }
    }

    /** Exports whole tables through a connection the caller holds: see the method below. */
    public Manifest exportTables(
            Connection connection,
            SourceInfo source,
            List<TableSchema> tables,
            BackupLocation location,
            String backupId,
            Compression compression,
            Map<String, String> labels) {
        return exportTables(connection, source, tables, t -> null, location, backupId, compression, labels, null);
    }

    /**
     * Exports tables, or some of their rows, through a connection the caller holds, inside the caller's transaction
     * (for example a restore taking a safety copy of the rows it holds locks on). The connection must have the
     * session settings of {@link Connections#open}. If a COPY fails half-way the caller's transaction is left
     * aborted: roll it back.
     *
     * @param compression null for the default, zstd
     * @param labels      provenance for the manifest; may be null
     * @param rows     per table, the condition its rows (as {@code t}) must meet, built from quoted names only; null
     *                 for every row
     * @param accounts the accounts the backup holds, recorded in its manifest; null for whole tables
     */
    public Manifest exportTables(
            Connection connection,
            SourceInfo source,
            List<TableSchema> tables,
            Function<TableSchema, String> rows,
            BackupLocation location,
            String backupId,
            Compression compression,
            Map<String, String> labels,
            AccountsScope accounts) {
        Objects.requireNonNull(connection, "connection");
        if (tables == null || tables.isEmpty()) {
            throw BackupException.invalid("no tables to export");
        }
        return exportTables(
                List.of(connection),
                source,
                tables,
                TableParts.whole(tables, rows),
                location,
                backupId,
                compression,
                labels,
                Instant.now(),
                null,
                accounts);
    }

    /** @param connections the readers, all in the same snapshot; the first one is read in the calling thread */
    private Manifest exportTables(
            List<Connection> connections,
            SourceInfo source,
            List<TableSchema> tables,
            List<TablePart> parts,
            BackupLocation location,
            String backupId,
            Compression compression,
            Map<String, String> labels,
            Instant started,
            MaskPlan masks,
            AccountsScope accounts) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(location, "location");
        requireValidBackupId(backupId);
        Compression codec = compression == null ? Compression.ZSTD : compression;
        if (location.hasFiles(backupId)) {
            throw BackupException.invalid("backup id " + backupId + " already exists at " + location.uri(backupId)
                    + ": choose another backup id or delete that backup first");
        }
        connections.forEach(Exporter::checkSession);
        DataKey dataKey = location.keyring() == null ? null : location.keyring().newDataKey(backupId);
        // one retention date for every object of the backup, recorded in its manifest
        ObjectLock lock = location.store()
                .objectLockPolicy()
                .map(p -> p.lockFrom(started))
                .orElse(null);
        try {
            List<TableEntry> entries = new ExportReaders(
                            tables,
                            parts,
                            location,
                            backupId,
                            codec,
                            lock,
                            dataKey == null ? null : new FileCipher(dataKey.key()),
                            masks)
                    .run(connections);
            Manifest manifest = new Manifest(
                    formatVersion(dataKey, accounts),
                    backupId,
                    started,
                    Instant.now(),
                    source,
                    codec,
                    labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels)),
                    entries,
                    lock,
                    dataKey == null ? null : dataKey.manifestEntry(),
                    accounts);
            location.writeManifest(manifest);
            LOG.info(
                    "backup {} complete at {}: {} tables, {} rows, {} bytes{}",
                    backupId,
                    location.uri(backupId),
                    entries.size(),
                    manifest.totalRows(),
                    manifest.totalBytes(),
                    dataKey == null
                            ? ""
                            : ", encrypted under " + dataKey.manifestEntry().describeKey());
            return manifest;
        } catch (BackupException | Error e) {
            removeIncompleteBackup(location, backupId, e);
            throw e;
        } catch (RuntimeException e) {
            BackupException failure = new BackupException(
                    Kind.INTERNAL, "exporting backup " + backupId + " failed unexpectedly: " + e, e);
            removeIncompleteBackup(location, backupId, failure);
            throw failure;
        }
    }

    /** The oldest format that says what the backup needs: versions that cannot honour it refuse it. */
    private static int formatVersion(DataKey dataKey, AccountsScope accounts) {
        if (accounts != null) {
            return Manifest.ACCOUNTS_FORMAT_VERSION;
        }
        return dataKey == null ? Manifest.FORMAT_VERSION : Manifest.ENCRYPTED_FORMAT_VERSION;
    }

    /** Deletes what a failed export wrote, so that no partial backup remains to be mistaken for one. */
    private static void removeIncompleteBackup(BackupLocation location, String backupId, Throwable failure) {
        // file channels refuse to work on an interrupted thread; the interrupt is restored afterwards
        boolean interrupted = Thread.interrupted();
        try {
            location.delete(backupId);
        } catch (RuntimeException cleanupFailure) {
            failure.addSuppressed(cleanupFailure);
            LOG.warn(
                    "could not remove the incomplete backup {}: {}",
                    location.uri(backupId),
                    cleanupFailure.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Value formats are part of the backup format: they come from the session settings that
     * {@link Connections#open} makes, so a connection without them would write other formats.
     * Also refuses SQL_ASCII databases: they store bytes unchecked, so their text may be no valid
     * UTF-8 at all, and the backup is UTF-8 JSON.
     */
    private static void checkSession(Connection connection) {
        String sql =
                "SELECT current_setting('server_encoding'), current_setting('DateStyle'), current_setting('IntervalStyle'),"
                        + " current_setting('TimeZone'), current_setting('bytea_output'), current_setting('extra_float_digits'), current_setting('client_encoding')";
        List<String> settings = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            for (int i = 1; i <= 7; i++) {
                settings.add(rs.getString(i));
            }
        } catch (SQLException e) {
            throw SqlFailures.whileExporting("reading the session settings", e);
        }
        if ("SQL_ASCII".equalsIgnoreCase(settings.get(0))) {
            throw BackupException.invalid(
                    "the database uses the SQL_ASCII encoding, which does not guarantee valid text:"
                            + " backups are UTF-8 JSON, so export from a database with a real encoding such as UTF8");
        }
        if (!settings.subList(1, 7).equals(List.of("ISO, YMD", "iso_8601", "UTC", "hex", "3", "UTF8"))) {
            throw new BackupException(
                    Kind.INTERNAL,
                    "the export connection does not have the session settings of Connections.open"
                            + " (DateStyle, IntervalStyle, TimeZone, bytea_output, extra_float_digits, client_encoding are "
                            + settings.subList(1, 7) + ")");
        }
    }

    /** The backup is complete once its manifest is stored: ending the read-only transaction cannot change that. */
    private static void endReadOnlyTransaction(Connection connection) {
        try {
            connection.commit();
        } catch (SQLException ignored) {
            // the connection is closed next, which ends the transaction on the server in any case
        }
    }

    private static void requireValidBackupId(String backupId) {
        if (backupId == null || !BACKUP_ID.matcher(backupId).matches()) {
            throw BackupException.invalid(
                    "backup id '" + backupId
                            + "' is not valid: use up to 128 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }

    private static String serverVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The labels of the manifest; a masked export's name the masked columns. */
    private static Map<String, String> maskedLabels(ExportRequest request, MaskPlan masks) {
        if (masks == null) {
            return request.labels();
        }
        Map<String, String> labels = new TreeMap<>(request.labels() == null ? Map.of() : request.labels());
        labels.put(MASKED_LABEL, String.join("; ", masks.describe()));
        return labels;
    }

    /** A table as a manifest will describe it, before its file exists: to check masking rules against it. */
    private static TableEntry describe(TableSchema table) {
        List<ColumnEntry> columns = table.columns().stream()
                .map(c -> new ColumnEntry(c.name(), c.type(), c.nullable(), c.encoding(), c.elementEncoding()))
                .toList();
        return new TableEntry(
                table.schema(),
                table.name(),
                null,
                0,
                0,
                null,
                List.copyOf(table.primaryKey()),
                columns,
                table.foreignKeys());
    }
}
