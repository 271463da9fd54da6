package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.db.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What a restore does to the target tables as a whole: locking them, and moving their sequences on. */
final class TableLocksAndSequences {

    /**
     * Moves a sequence past the restored values, never backwards: to max(column) only if that is
     * at or beyond the value nextval would return.
     */
    private static final String ADVANCE = """
            SELECT setval(ps.seqrelid, m.v)
            FROM (SELECT max(%s) AS v FROM %s) m, %s cur, pg_sequence ps
            WHERE ps.seqrelid = ?::regclass AND ps.seqincrement > 0 AND m.v IS NOT NULL AND m.v <= ps.seqmax
              AND m.v > CASE WHEN cur.is_called THEN cur.last_value ELSE cur.last_value - 1 END""";

    /** Foreign keys of tables outside the restore whose rows follow deleted rows (CASCADE, SET NULL, SET DEFAULT). */
    private static final String FOLLOWERS = """
            SELECT n.nspname, r.relname, c.conname, c.confdeltype
            FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
            WHERE c.contype = 'f' AND c.confrelid = ?::oid AND c.confdeltype IN ('c', 'n', 'd')
            ORDER BY 1, 2, 3""";

    private final Connection connection;
    private final Duration lockTimeout;

    TableLocksAndSequences(Connection connection, Duration lockTimeout) {
        this.connection = connection;
        this.lockTimeout = lockTimeout;
    }

    /** Every later wait for a lock in this transaction ends with an error instead of hanging. */
    void limitLockWaits() throws SQLException {
        limitLockWaits(lockTimeout);
    }

    /** Every later wait for a lock in this transaction ends with an error after {@code wait}. */
    void limitLockWaits(Duration wait) throws SQLException {
        Connections.execute(connection, "SET LOCAL lock_timeout = " + Math.max(1, wait.toMillis()));
    }

    /**
     * Blocks other writers (and other restores: the mode conflicts with itself) until the commit,
     * while readers go on.
     */
    void lock(List<TablePlan> tables) {
        String names = tables.stream().map(p -> p.target().quotedName()).collect(Collectors.joining(", "));
        try {
            Connections.execute(connection, "LOCK TABLE " + names + " IN SHARE ROW EXCLUSIVE MODE");
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new BackupException(
                        Kind.BUSY,
                        "cannot lock "
                                + tables.stream().map(TablePlan::displayName).collect(Collectors.joining(", "))
                                + " within " + lockTimeout.toMillis()
                                + " ms: another restore or a long-running transaction is writing to"
                                + " them. Nothing was changed; retry when it has finished",
                        e);
            }
            if ("42501".equals(e.getSQLState())) {
                // PostgreSQL's message names the table but not the privilege, which is not the one the mode writes with
                throw BackupException.invalid(
                        "locking the tables to restore failed: the database user lacks a privilege ("
                                + RestoreErrors.firstLine(e.getMessage())
                                + "); PostgreSQL lets only a user with UPDATE, DELETE or TRUNCATE"
                                + " (or MAINTAIN, from PostgreSQL 17) on a table lock it against other writers, so grant UPDATE on every"
                                + " restored table, also for InsertMissing. Nothing was changed");
            }
            throw RestoreErrors.translate(e, null, lockTimeout);
        }
    }

    /** Fails when a table changed its shape between planning and locking (a migration ran meanwhile). */
    void checkUnchanged(TableResolver resolver, List<TablePlan> tables) {
        for (TablePlan p : tables) {
            if (!resolver.describe(p.target().oid()).equals(p.target())) {
                throw BackupException.invalid(
                        "table " + p.displayName() + " changed (columns or keys) while the restore was preparing;"
                                + " nothing was changed: retry");
            }
        }
    }

    boolean isEmpty(TablePlan table) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT NOT EXISTS (SELECT 1 FROM " + table.target().quotedName() + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** After restoring explicit key values, the application's next insert must not collide with them. */
    void advanceSequences(TablePlan table) throws SQLException {
        for (ColumnSchema c : table.sequenced()) {
            try (PreparedStatement ps = connection.prepareStatement(
                    ADVANCE.formatted(c.quotedName(), table.target().quotedName(), c.sequence()))) {
                ps.setString(1, c.sequence());
                ps.executeQuery().close();
            }
        }
    }

    /**
     * What deleting rows of {@code table} does to tables this restore does not include: their rows are
     * deleted or lose their reference, and no safety copy covers them.
     */
    List<String> effectsOutside(TablePlan table, List<TablePlan> restored) throws SQLException {
        List<String> effects = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(FOLLOWERS)) {
            ps.setLong(1, table.target().oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String other = rs.getString(1) + "." + rs.getString(2);
                    if (restored.stream().noneMatch(p -> p.displayName().equals(other))) {
                        String action = rs.getString(4).equals("c")
                                ? "deletes the rows of " + other + " that reference them"
                                : "sets the references to them in " + other + " to "
                                        + (rs.getString(4).equals("n") ? "NULL" : "their default");
                        effects.add("deleting rows of " + table.displayName() + " also " + action + " (foreign key "
                                + rs.getString(3) + "); " + other + " is not part of this restore");
                    }
                }
            }
        }
        return effects;
    }

    void deferConstraints() throws SQLException {
        Connections.execute(connection, "SET CONSTRAINTS ALL DEFERRED");
    }
}
