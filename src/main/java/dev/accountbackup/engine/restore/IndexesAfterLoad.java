package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.db.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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
 * catalog gave (names, comments, storage parameters and tablespaces included; a key's index is built first,
 * then made the key, as only the index keeps its storage parameters) once every table is loaded. A failure
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
     * it (if it still exists: a repair may find it rebuilt already), the statements that recreate it as
     * it was, in two parts (the build, which only blocks writers and can run beside other builds on the
     * same table; then what needs the table to itself: making an index a key, building an exclusion
     * constraint), and for a foreign key how to validate it once added NOT VALID. Foreign keys come first,
     * so that the unique indexes they rely on can be dropped after them.
     */
    private static final String DEFINITIONS = """
            WITH loaded AS (SELECT unnest(?::oid[]) AS oid)
            SELECT x.indrelid AS table_oid, false AS foreign_key,
                   array_remove(ARRAY[
                       CASE WHEN k.oid IS NOT NULL THEN
                           format('ALTER TABLE %1$I.%2$I DROP CONSTRAINT IF EXISTS %3$I', n.nspname, t.relname, k.conname) END,
                       format('DROP INDEX IF EXISTS %1$I.%2$I', n.nspname, i.relname)
                   ], NULL) AS drop_sql,
                   CASE WHEN k.contype = 'x' THEN ARRAY[]::text[] ELSE array_remove(ARRAY[
                       format('SET LOCAL default_tablespace = %L', coalesce(s.spcname, '')),
                       pg_get_indexdef(x.indexrelid),
                       CASE WHEN obj_description(x.indexrelid, 'pg_class') IS NOT NULL THEN
                           format('COMMENT ON INDEX %1$I.%2$I IS %3$L', n.nspname, i.relname, obj_description(x.indexrelid, 'pg_class')) END
                   ], NULL) END AS build_sql,
                   array_remove(ARRAY[
                       CASE WHEN k.contype = 'x' THEN format('SET LOCAL default_tablespace = %L', coalesce(s.spcname, '')) END,
                       CASE WHEN k.contype = 'x' THEN
                           format('ALTER TABLE %1$I.%2$I ADD CONSTRAINT %3$I %4$s', n.nspname, t.relname, k.conname, pg_get_constraintdef(k.oid)) END,
                       CASE WHEN k.contype IN ('p', 'u') THEN
                           format('ALTER TABLE %1$I.%2$I ADD CONSTRAINT %3$I %4$s USING INDEX %5$I%6$s', n.nspname, t.relname, k.conname,
                                  CASE k.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, i.relname,
                                  CASE WHEN k.condeferrable THEN ' DEFERRABLE' || CASE WHEN k.condeferred THEN ' INITIALLY DEFERRED' ELSE '' END ELSE '' END) END,
                       CASE WHEN k.contype = 'x' AND obj_description(x.indexrelid, 'pg_class') IS NOT NULL THEN
                           format('COMMENT ON INDEX %1$I.%2$I IS %3$L', n.nspname, i.relname, obj_description(x.indexrelid, 'pg_class')) END,
                       CASE WHEN obj_description(k.oid, 'pg_constraint') IS NOT NULL THEN
                           format('COMMENT ON CONSTRAINT %1$I ON %2$I.%3$I IS %4$L', k.conname, n.nspname, t.relname, obj_description(k.oid, 'pg_constraint')) END
                   ], NULL) AS attach_sql,
                   NULL::text AS validate_sql
            FROM pg_index x JOIN loaded l ON l.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            LEFT JOIN pg_tablespace s ON s.oid = i.reltablespace
            LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
            WHERE NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = x.indexrelid
                              AND (f.conrelid NOT IN (SELECT oid FROM loaded) OR NOT f.convalidated))
            UNION ALL
            SELECT f.conrelid, true,
                   ARRAY[format('ALTER TABLE %1$I.%2$I DROP CONSTRAINT IF EXISTS %3$I', n.nspname, t.relname, f.conname)],
                   array_remove(ARRAY[
                       format('ALTER TABLE %1$I.%2$I ADD CONSTRAINT %3$I %4$s', n.nspname, t.relname, f.conname, pg_get_constraintdef(f.oid)),
                       CASE WHEN obj_description(f.oid, 'pg_constraint') IS NOT NULL THEN
                           format('COMMENT ON CONSTRAINT %1$I ON %2$I.%3$I IS %4$L', f.conname, n.nspname, t.relname, obj_description(f.oid, 'pg_constraint')) END
                   ], NULL),
                   ARRAY[]::text[],
                   format('ALTER TABLE %1$I.%2$I VALIDATE CONSTRAINT %3$I', n.nspname, t.relname, f.conname)
            FROM pg_constraint f JOIN pg_class t ON t.oid = f.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE f.contype = 'f' AND f.convalidated AND f.conrelid IN (SELECT oid FROM loaded) AND f.confrelid IN (SELECT oid FROM loaded)
            ORDER BY 2 DESC, 1, 3""";

    /**
     * One index or foreign key, dropped for the load and recreated after it.
     *
     * @param drop     the statements that drop it, the key or constraint and then its index: whatever of it exists
     * @param build    the statements that build it (an index) or add it (a foreign key)
     * @param attach   what follows once every index of the table is built: key and exclusion constraints
     * @param validate for a foreign key, the statement that checks the rows once it was added NOT VALID; else null
     */
    record Deferred(
            TablePlan table,
            boolean foreignKey,
            List<String> drop,
            List<String> build,
            List<String> attach,
            String validate) {

        /** Every statement that recreates it, in order. */
        List<String> create() {
            List<String> statements = new ArrayList<>(build);
            statements.addAll(attach);
            return statements;
        }

        /** A foreign key's statements with the key added NOT VALID: its rows are checked by {@link #validate}. */
        List<String> createNotValid() {
            List<String> statements = create();
            statements.set(0, statements.get(0) + " NOT VALID");
            return statements;
        }
    }

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
                    for (String sql : d.drop()) {
                        Connections.execute(connection, sql);
                    }
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
    static final String REBUILD_MEMORY = """
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

    /**
     * What of the indexes and foreign keys of {@code tables} (locked by this transaction) can be
     * dropped and rebuilt by the rules above, foreign keys first.
     */
    static List<Deferred> rebuildable(Connection connection, List<TablePlan> tables) throws SQLException {
        if (tables.isEmpty()) {
            return List.of();
        }
        Map<Long, TablePlan> byOid = CatalogQuery.byOid(tables);
        List<Long> eligible = eligible(connection, byOid);
        return eligible.isEmpty() ? List.of() : definitions(connection, eligible, byOid);
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
                rs -> new Deferred(
                        byOid.get(rs.getLong(1)),
                        rs.getBoolean(2),
                        List.of((String[]) rs.getArray(3).getArray()),
                        List.of((String[]) rs.getArray(4).getArray()),
                        List.of((String[]) rs.getArray(5).getArray()),
                        rs.getString(6)));
    }

    private static String names(List<Long> oids, Map<Long, TablePlan> byOid) {
        return oids.stream().map(oid -> byOid.get(oid).displayName()).sorted().collect(Collectors.joining(", "));
    }
}
