package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.AccountsScope;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.SourceInfo;
import dev.accountbackup.engine.storage.BackupLocation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a restore overwrites or deletes rows, saves the current content of the tables it restores
 * (of a restore of chosen accounts: only those accounts' rows) as a backup of its own. It is read through the restore's own connection, inside its transaction
 * and under its locks, so it holds exactly the rows the restore is about to change.
 */
final class SafetyCopy {

    private static final Logger LOG = LoggerFactory.getLogger(SafetyCopy.class);

    private final Connection connection;
    private final DatabaseTarget database;
    private final BackupLocation location;
    private final Map<String, String> labels;

    SafetyCopy(Connection connection, DatabaseTarget database, BackupLocation location, Map<String, String> labels) {
        this.connection = connection;
        this.database = database;
        this.location = location;
        this.labels = labels == null ? Map.of() : labels;
    }

    /** Saves the tables whole. @return the id of the safety backup in its location */
    String take(List<TablePlan> tables) {
        return take(tables, plan -> null, null);
    }

    /**
     * Saves only the rows of each table that meet its condition (built from quoted names, on the table as {@code t}):
     * the chosen accounts' rows, which the manifest records as {@code accounts}, so that restoring the copy restores
     * only those accounts.
     *
     * @return the id of the safety backup in its location
     */
    String take(List<TablePlan> tables, Function<TablePlan, String> rows, AccountsScope accounts) {
        String backupId = freeId();
        Map<TableSchema, String> conditions = new HashMap<>();
        tables.forEach(plan -> {
            String condition = rows.apply(plan);
            if (condition != null) {
                conditions.put(plan.target(), condition);
            }
        });
        List<TableSchema> schemas = tables.stream().map(TablePlan::target).toList();
        Manifest manifest = new Exporter()
                .exportTables(
                        connection,
                        source(),
                        schemas,
                        conditions::get,
                        location,
                        backupId,
                        Compression.ZSTD,
                        labels,
                        accounts);
        LOG.info(
                "safety copy {} of {} table(s), {} rows{}, taken before restoring: {}",
                manifest.backupId(),
                schemas.size(),
                manifest.totalRows(),
                accounts == null ? "" : " of the chosen accounts",
                location.uri(manifest.backupId()));
        return manifest.backupId();
    }

    /** An id from the current time, made unique in the location if a copy was taken in the same second. */
    private String freeId() {
        String base = BackupIds.fromTime(Instant.now());
        String id = base;
        for (int n = 2; location.hasFiles(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private SourceInfo source() {
        try {
            return new SourceInfo(
                    database.host(),
                    database.port(),
                    database.database(),
                    connection.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            throw new BackupException(
                    Kind.INTERNAL,
                    "reading the server version for the safety copy failed (" + e.getSQLState() + ")",
                    e);
        }
    }
}
