package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.db.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes of large empty tables built once after their rows are in, instead of updated row by row:
 * loading the sample accounts this way takes half the time, for the same reason that pg_restore
 * builds indexes after the data when it restores a whole dump.
 * <p>
 * Inside the restore's transaction, the indexes, the primary key, unique and exclusion constraints of
 * those tables and the foreign keys between them are dropped, and recreated from the definitions the
 * catalog gave (names, comments and tablespaces included) once every table is loaded. A failure
 * rolls the drops back with everything else. Rows still meet every constraint: building a unique
 * index or adding a foreign key checks all rows at once.
 * <p>
 * Only what concerns nobody else is touched: an index that a foreign key of a table outside this
 * set relies on stays, and so does a foreign key to such a table. A foreign key marked NOT VALID
 * stays too, with the index it relies on: added back, it would no longer check the loaded rows.
 * A table whose indexes carry more than their definition (CLUSTER, REPLICA IDENTITY, statistics
 * targets), is partitioned or inherited, or is not owned by the restoring role keeps its indexes.
 * So does every table of the set when their ACCESS EXCLUSIVE lock is not granted within
 * {@link #LOCK_WAIT} (readers are using them) or an object depends on an index: the rows then go
 * in with the indexes in place, only slower.
 */
final class IndexesAfterLoad {

    private static final Logger LOG = LoggerFactory.getLogger(IndexesAfterLoad.class);

    /** How long to wait for readers to let go of the tables before loading with indexes in place instead. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(2);

    /** The tables of the set whose indexes may be rebuilt, by the rules above. */
    private static final String ELIGIBLE = """
            SELECT c.oid FROM pg_class c
            WHERE c.oid = ANY (?::oid[]) AND c.relkind = 'r' AND NOT c.relispartition AND NOT c.relhassubclass
              AND c.relreplident <> 'i' AND pg_has_role(c.relowner, 'USAGE')
              AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = c.oid)
              AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid
                              AND (x.indisclustered OR NOT x.indisvalid OR NOT x.indisready
                                   OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = x.indexrelid AND a.attstattarget >= 0)))""";

    /**
     * For each index and foreign key to rebuild: its table, whether it is a foreign key, how to drop
     * it, and the statements that recreate it as it was. Foreign keys come first, so that the unique
     * indexes they rely on can be dropped after them.
     */
    private static final String DEFINITIONS = """
            WITH loaded AS (SELECT unnest(?::oid[]) AS oid)
            SELECT x.indrelid AS table_oid, false AS foreign_key,
                   CASE WHEN k.oid IS NULL THEN format('DROP INDEX %1$I.%2$I', n.nspname, i.relname)
                        ELSE format('ALTER TABLE %1$I.%2$I DROP CONSTRAINT %3$I', n.nspname, t.relname, k.conname) END AS drop_sql,
                   array_remove(ARRAY[
                       format('SET LOCAL default_tablespace = %L', coalesce(s.spcname, '')),
                       CASE WHEN k.oid IS NULL THEN pg_get_indexdef(x.indexrelid)
                            ELSE format('ALTER TABLE %1$I.%2$I ADD CONSTRAINT %3$I %4$s', n.nspname, t.relname, k.conname, pg_get_constraintdef(k.oid)) END,
                       CASE WHEN obj_description(x.indexrelid, 'pg_class') IS NOT NULL THEN
                           format('COMMENT ON INDEX %1$I.%2$I IS %3$L', n.nspname, i.relname, obj_description(x.indexrelid, 'pg_class')) END,
                       CASE WHEN obj_description(k.oid, 'pg_constraint') IS NOT NULL THEN
                           format('COMMENT ON CONSTRAINT %1$I ON %2$I.%3$I IS %4$L', k.conname, n.nspname, t.relname, obj_description(k.oid, 'pg_constraint')) END
                   ], NULL) AS create_sql
            FROM pg_index x JOIN loaded l ON l.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            LEFT JOIN pg_tablespace s ON s.oid = i.reltablespace
            LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
            WHERE NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = x.indexrelid
                              AND (f.conrelid NOT IN (SELECT oid FROM loaded) OR NOT f.convalidated))
            UNION ALL
            SELECT f.conrelid, true,
                   format('ALTER TABLE %1$I.%2$I DROP CONSTRAINT %3$I', n.nspname, t.relname, f.conname),
                   array_remove(ARRAY[
                       format('ALTER TABLE %1$I.%2$I ADD CONSTRAINT %3$I %4$s', n.nspname, t.relname, f.conname, pg_get_constraintdef(f.oid)),
                       CASE WHEN obj_description(f.oid, 'pg_constraint') IS NOT NULL THEN
                           format('COMMENT ON CONSTRAINT %1$I ON %2$I.%3$I IS %4$L', f.conname, n.nspname, t.relname, obj_description(f.oid, 'pg_constraint')) END
                   ], NULL)
            FROM pg_constraint f JOIN pg_class t ON t.oid = f.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE f.contype = 'f' AND f.convalidated AND f.conrelid IN (SELECT oid FROM loaded) AND f.confrelid IN (SELECT oid FROM loaded)
            ORDER BY 2 DESC, 1, 3""";

    /** One index or foreign key, dropped for the load and recreated after it. */
    private record Deferred(TablePlan table, boolean foreignKey, String drop, List<String> create) {}

    private final Connection connection;
    private final List<Deferred> deferred;
    private final Duration lockTimeout;

    private IndexesAfterLoad(Connection connection, List<Deferred> deferred, Duration lockTimeout) {
        this.connection = connection;
        this.deferred = deferred;
        this.lockTimeout = lockTimeout;
    }

    /**
     * Drops what can be rebuilt of the indexes and foreign keys of {@code tables} (empty, locked by
     * this transaction), or nothing when that cannot be done without waiting or touching other
     * objects.
     *
     * @param targets     to restore the restore's own lock timeout once the short wait is over
     * @param lockTimeout the restore's own lock timeout, for messages
     */
    static IndexesAfterLoad drop(
            Connection connection, List<TablePlan> tables, TableLocksAndSequences targets, Duration lockTimeout)
            throws SQLException {
        if (tables.isEmpty()) {
            return new IndexesAfterLoad(connection, List.of(), lockTimeout);
        }
        Map<Long, TablePlan> byOid = CatalogQuery.byOid(tables);
        Connections.execute(connection, "SAVEPOINT indexes_after_load");
        try {
            List<Long> eligible = eligible(connection, byOid);
            List<Deferred> deferred = eligible.isEmpty() ? List.of() : definitions(connection, eligible, byOid);
            if (!deferred.isEmpty()) {
                targets.limitLockWaits(LOCK_WAIT.compareTo(lockTimeout) < 0 ? LOCK_WAIT : lockTimeout);
                Connections.execute(
                        connection,
                        "LOCK TABLE "
                                + eligible.stream()
                                        .map(oid -> byOid.get(oid).target().quotedName())
                                        .collect(Collectors.joining(", "))
                                + " IN ACCESS EXCLUSIVE MODE");
                targets.limitLockWaits();
                for (Deferred d : deferred) {
                    Connections.execute(connection, d.drop());
                }
                LOG.info("building the indexes of {} after loading their rows", names(eligible, byOid));
            }
            Connections.execute(connection, "RELEASE SAVEPOINT indexes_after_load");
            return new IndexesAfterLoad(connection, deferred, lockTimeout);
        } catch (SQLException e) {
            // a lock not granted at once, or an object that depends on an index: the slower way still works
            Connections.execute(connection, "ROLLBACK TO SAVEPOINT indexes_after_load");
            Connections.execute(connection, "RELEASE SAVEPOINT indexes_after_load");
            LOG.info(
                    "loading {} with their indexes in place: {} (SQLSTATE {})",
                    names(List.copyOf(byOid.keySet()), byOid),
                    RestoreErrors.firstLine(e.getMessage()),
                    e.getSQLState());
            return new IndexesAfterLoad(connection, List.of(), lockTimeout);
        }
    }

    /**
     * Memory for the rebuild, as PostgreSQL's advice for bulk loads goes, only ever raised and only
     * for this transaction: sorts for index builds in memory instead of on disk, and with it the
     * parallel workers of index builds (each needs 32 MB of it); hash joins that check the foreign
     * keys in one pass.
     */
    private static final String REBUILD_MEMORY = """
            SELECT set_config(name, CASE WHEN pg_size_bytes(current_setting(name)) < pg_size_bytes(least)
                                         THEN least ELSE current_setting(name) END, true)
            FROM (VALUES ('maintenance_work_mem', '256MB'), ('work_mem', '64MB')) AS s (name, least)""";

    /** Recreates every index, then every foreign key (which need the unique indexes they reference). */
    void rebuild() {
        if (deferred.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            Connections.execute(connection, REBUILD_MEMORY);
        } catch (SQLException e) {
            throw RestoreErrors.translate(e, null, lockTimeout);
        }
        for (boolean foreignKeys : new boolean[] {false, true}) {
            for (Deferred d : deferred) {
                if (d.foreignKey() == foreignKeys) {
                    try {
                        for (String sql : d.create()) {
                            Connections.execute(connection, sql);
                        }
                    } catch (SQLException e) {
                        throw RestoreErrors.translate(e, d.table(), lockTimeout);
                    }
                }
            }
        }
        LOG.info(
                "built {} indexes and foreign keys after loading, in {} ms",
                deferred.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private static List<Long> eligible(Connection connection, Map<Long, TablePlan> byOid) throws SQLException {
        return CatalogQuery.rows(connection, ELIGIBLE, byOid.keySet(), rs -> rs.getLong(1));
    }

    private static List<Deferred> definitions(Connection connection, List<Long> eligible, Map<Long, TablePlan> byOid)
            throws SQLException {
        return CatalogQuery.rows(
                connection,
                DEFINITIONS,
                eligible,
                rs -> new Deferred(byOid.get(rs.getLong(1)), rs.getBoolean(2), rs.getString(3), List.of((String[])
                        rs.getArray(4).getArray())));
    }

    private static String names(List<Long> oids, Map<Long, TablePlan> byOid) {
        return oids.stream().map(oid -> byOid.get(oid).displayName()).sorted().collect(Collectors.joining(", "));
    }
}
