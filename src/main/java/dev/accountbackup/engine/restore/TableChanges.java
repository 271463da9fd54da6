package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * The set-based statements that compare a table's staged backup rows with the target table and
 * apply the differences: one statement per step whatever the number of rows, rows matched by
 * primary key. Values are compared as text, because that is what "identical to the backup" means
 * and because json, xml or point have no equality operator.
 */
final class TableChanges {

    /** What a restore does (or would do) to one table. */
    record Counts(long inserted, long updated, long deleted, long unchanged) {}

    private final Connection connection;
    private final TablePlan plan;
    private final String target;
    private final String stage;
    /** Replace deletes only target rows (as {@code t}) that meet this condition (chosen accounts' rows); null: any row. */
    private String deletable;

    /** @param stageName name of the temporary table the backup rows are staged in */
    TableChanges(Connection connection, TablePlan plan, String stageName) {
        this.connection = connection;
        this.plan = plan;
        this.target = plan.target().quotedName();
        this.stage =
                "pg_temp." + Identifiers.quote(stageName); // never a table of the application, whatever the search path
    }

    String stage() {
        return stage;
    }

    /** From now on, Replace deletes (and counts as deleted) only target rows (as {@code t}) that meet {@code condition}. */
    void limitDeletesTo(String condition) {
        this.deletable = condition;
    }

    /** An empty temporary table with the target's types (and collations) for the restored columns; dropped at the end of the transaction. */
    void createStage() throws SQLException {
        update("CREATE TEMP TABLE " + stage + " ON COMMIT DROP AS SELECT " + plan.columnList() + " FROM " + target
                + " WITH NO DATA");
    }

    /**
     * Refuses staged rows that share a primary key: a backup of a table with that key never holds
     * such rows, and matching by key would count and apply them wrongly.
     */
    void refuseDuplicateKeys() throws SQLException {
        if (!plan.keyed()) {
            return;
        }
        String keys = quotedKeys();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT 1 FROM " + stage + " GROUP BY " + keys + " HAVING count(*) > 1 LIMIT 1")) {
            if (rs.next()) {
                throw RestoreErrors.duplicateKeys(plan);
            }
        }
    }

    /** Temporary tables are never analyzed automatically; the joins below need to know its size. */
    void analyzeStage() throws SQLException {
        update("ANALYZE " + stage);
    }

    /**
     * What the statements below need of {@link #analyzeStage()}: they join the stage on its primary
     * key only, so the stage's size and its key columns' statistics are enough, at a fraction of the
     * cost (sampling wide text and jsonb columns took most of a restore's ANALYZE time). A stage
     * without key is never joined.
     */
    void analyzeStageKeys() throws SQLException {
        if (plan.keyed()) {
            update("ANALYZE " + stage + " (" + quotedKeys() + ")");
        }
    }

    /** What applying would do, with {@code rows} staged. */
    Counts count(RestoreMode mode, long rows) throws SQLException {
        if (!plan.keyed()) {
            long present = single("SELECT count(*) FROM " + target);
            return new Counts(rows, 0, present, 0);
        }
        if (mode == RestoreMode.INSERT_MISSING) {
            long present = single("SELECT count(*) FROM " + stage + " s WHERE EXISTS (SELECT 1 FROM " + target
                    + " t WHERE " + plan.keyMatch("t", "s") + ")");
            return new Counts(rows - present, 0, 0, present);
        }
        String firstKey = "t." + Identifiers.quote(plan.target().primaryKey().get(0));
        long[] found = pair("SELECT count(" + firstKey + "), count(*) FILTER (WHERE " + firstKey + " IS NOT NULL AND "
                + differs() + ") FROM " + stage + " s LEFT JOIN " + target + " t ON " + plan.keyMatch("t", "s"));
        long deleted = mode == RestoreMode.REPLACE
                ? single("SELECT count(*) FROM " + target + " t WHERE " + deletable() + "NOT EXISTS (SELECT 1 FROM "
                        + stage + " s WHERE " + plan.keyMatch("s", "t") + ")")
                : 0;
        return new Counts(rows - found[0], found[1], deleted, found[0] - found[1]);
    }

    /** Replace: deletes the target rows whose key is not in the backup (every row, for a table without key). */
    long deleteAbsent() throws SQLException {
        if (!plan.keyed()) {
            return update("DELETE FROM " + target);
        }
        return update("DELETE FROM " + target + " t WHERE " + deletable() + "NOT EXISTS (SELECT 1 FROM " + stage
                + " s WHERE " + plan.keyMatch("s", "t") + ")");
    }

    /** The condition (with its AND) that limits deletes to the chosen accounts' rows; empty when not limited. */
    private String deletable() {
        return deletable == null ? "" : deletable + " AND ";
    }

    /** Upsert and Replace: overwrites the rows whose key is in the backup and whose values differ from it. */
    long updateChanged() throws SQLException {
        if (!plan.keyed() || plan.compared().isEmpty()) {
            return 0;
        }
        String set = plan.compared().stream()
                .map(c -> c.quotedName() + " = s." + c.quotedName())
                .collect(Collectors.joining(", "));
        return update("UPDATE " + target + " t SET " + set + " FROM " + stage + " s WHERE " + plan.keyMatch("t", "s")
                + " AND " + differs());
    }

    /**
     * Inserts the backup rows whose key is not in the target (every row, for a table without key).
     *
     * @param updatesFollow the restore updates changed rows next: the inserted rows then leave the stage, so that the
     *                      update compares only rows the target held before (a trigger may have changed an inserted
     *                      row, which must not be counted nor written again)
     */
    long insertMissing(boolean updatesFollow) throws SQLException {
        String insert = "INSERT INTO " + target + " (" + plan.columnList() + ")"
                + (plan.writesIdentityAlways() ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + plan.columnList("s")
                + " FROM " + stage + " s";
        if (!plan.keyed()) {
            return update(insert);
        }
        String missing =
                insert + " WHERE NOT EXISTS (SELECT 1 FROM " + target + " t WHERE " + plan.keyMatch("t", "s") + ")";
        if (!updatesFollow) {
            return update(missing);
        }
        return single("WITH inserted AS (" + missing + " RETURNING " + quotedKeys() + "), forgotten AS (DELETE FROM "
                + stage + " s USING inserted i WHERE " + plan.keyMatch("s", "i") + ") SELECT count(*) FROM inserted");
    }

    private String quotedKeys() {
        return plan.target().primaryKey().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }

    /** Whether the target row t differs from the staged row s in a compared column; NULLs compare as values. */
    private String differs() {
        if (plan.compared().isEmpty()) {
            return "false";
        }
        return "ROW(" + texts("t") + ") IS DISTINCT FROM ROW(" + texts("s") + ")";
    }

    /** Byte-wise text, whatever the column's collation. */
    private String texts(String alias) {
        return plan.compared().stream()
                .map(ColumnSchema::quotedName)
                .map(c -> "(" + alias + "." + c + ")::text COLLATE \"C\"")
                .collect(Collectors.joining(", "));
    }

    private long update(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            return st.executeLargeUpdate(sql);
        }
    }

    private long single(String sql) throws SQLException {
        return pair(sql)[0];
    }

    private long[] pair(String sql) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            int n = rs.getMetaData().getColumnCount();
            return n == 1 ? new long[] {rs.getLong(1)} : new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
