package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.db.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way back for a parallel load ({@link ParallelReplace}) that did not finish: before it drops
 * the indexes and constraints of the empty tables it loads, it records in the target database, in
 * the same transaction as the drops, the statements that put those tables back as they were (empty,
 * every definition recreated). A failure the process survives runs them at once; after a crash the
 * next restore into the database (or the {@code repair} command) runs them before anything else.
 * <p>
 * A load in progress holds a session advisory lock on its id, so a repair never touches the tables
 * of a load that is still running: the lock goes with the session of a killed process. The record
 * runs as SQL, so it is only trusted from a table that the restoring role owns and that grants no
 * one else the right to write it, or to add a trigger that would run as the restoring role.
 */
final class InterruptedLoads {

    private static final Logger LOG = LoggerFactory.getLogger(InterruptedLoads.class);

    static final String TABLE = "public.account_backup_interrupted_restore";

    /** First key of the advisory locks of loads in progress (the second is the hash of the load's id). */
    private static final int LOCK_CLASS = 0x4142_5052; // "ABPR"

    private static final String TRUSTED = """
            SELECT pg_has_role(c.relowner, 'USAGE')
                   AND NOT EXISTS (SELECT 1 FROM aclexplode(c.relacl) a
                                   WHERE a.grantee <> c.relowner AND a.privilege_type IN ('INSERT', 'UPDATE', 'TRIGGER'))
            FROM pg_class c WHERE c.oid = to_regclass(?)""";

    private InterruptedLoads() {}

    /** One load's record: its id, and the advisory lock that says it is running, held by its session. */
    record Claim(String id) {}

    /** Starts a load: its id, locked for as long as {@code connection}'s session lives or until {@link #finish}. */
    static Claim claim(Connection connection) throws SQLException {
        Claim claim = new Claim(UUID.randomUUID().toString());
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_lock(?, hashtext(?))")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setString(2, claim.id());
            ps.executeQuery().close();
        }
        return claim;
    }

    /** Records, in the caller's transaction, the statements that put the tables back: run in this order. */
    static void record(Connection connection, Claim claim, String backupId, List<String> repair) throws SQLException {
        createOnce(connection);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (restore_id, backup_id, step, statement) VALUES (?, ?, ?, ?)")) {
            for (int step = 0; step < repair.size(); step++) {
                insert.setString(1, claim.id());
                insert.setString(2, backupId);
                insert.setInt(3, step);
                insert.setString(4, repair.get(step));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Ends a load that completed: its record goes, and its lock. Commits. */
    static void finish(Connection connection, Claim claim) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE restore_id = ?")) {
            delete.setString(1, claim.id());
            delete.executeUpdate();
        }
        connection.commit();
        release(connection, claim);
    }

    /** Lets go of the lock of a load (after {@link #finish} or its repair). */
    static void release(Connection connection, Claim claim) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setString(2, claim.id());
            ps.executeQuery().close();
        }
        connection.commit();
    }

    /**
     * Puts back the tables of every recorded load that no session runs any more, each in one
     * transaction that commits (the caller's transaction must hold nothing).
     *
     * @return the backups whose interrupted loads were repaired, one entry per load
     */
    static List<String> repairAll(Connection connection, Duration lockTimeout) {
        try {
            if (!exists(connection)) {
                return List.of();
            }
            List<String[]> loads = new ArrayList<>();
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT restore_id, min(backup_id) FROM " + TABLE
                            + " GROUP BY restore_id ORDER BY min(recorded_at)")) {
                while (rs.next()) {
                    loads.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            connection.commit();
            List<String> repaired = new ArrayList<>();
            for (String[] load : loads) {
                if (repair(connection, new Claim(load[0]), lockTimeout)) {
                    repaired.add(load[1]);
                }
            }
            return repaired;
        } catch (SQLException e) {
            rollback(connection);
            throw repairFailed(e);
        }
    }

    /**
     * Runs the recorded statements of one load and removes its record, in one transaction that commits.
     *
     * @return false when the load is still running (another session holds its lock): nothing was done
     */
    static boolean repair(Connection connection, Claim claim, Duration lockTimeout) throws SQLException {
        new TableLocksAndSequences(connection, lockTimeout).limitLockWaits();
        requireTrusted(connection);
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setString(2, claim.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    connection.rollback();
                    return false;
                }
            }
        }
        List<String> statements = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT statement FROM " + TABLE + " WHERE restore_id = ? ORDER BY step FOR UPDATE")) {
            ps.setString(1, claim.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statements.add(rs.getString(1));
                }
            }
        }
        for (String statement : statements) {
            Connections.execute(connection, statement);
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE restore_id = ?")) {
            delete.setString(1, claim.id());
            delete.executeUpdate();
        }
        connection.commit();
        LOG.warn(
                "put back the tables of parallel restore {} that did not finish: emptied, {} statements of their"
                        + " indexes and constraints run",
                claim.id(),
                statements.size());
        return true;
    }

    /** Why the tables could not be put back, and how to finish the job. */
    static BackupException repairFailed(SQLException e) {
        return new BackupException(
                Kind.INTERNAL,
                "putting back the tables of a parallel restore that did not finish failed ("
                        + RestoreErrors.firstLine(e.getMessage()) + ", SQLSTATE " + e.getSQLState()
                        + "): the statements that do it are kept in " + TABLE + "; the next restore into this"
                        + " database, or the command 'repair', runs them again",
                e);
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The record runs as SQL: only from a table that nobody but the restoring role (and superusers) can write. */
    private static void requireTrusted(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(TRUSTED)) {
            ps.setString(1, TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw BackupException.invalid(TABLE + " (the record of parallel restores that did not finish)"
                            + " is not owned by this database user, or lets other users write it (or add triggers to it): its statements"
                            + " are not run. Check them, run them by hand, and drop the table");
                }
            }
        }
    }

    /** Created once, readable by its owner only: a later restore may run as another user (who then cannot repair). */
    private static void createOnce(Connection connection) throws SQLException {
        if (exists(connection)) {
            return;
        }
        Connections.execute(
                connection,
                "CREATE TABLE " + TABLE + " ("
                        + "restore_id text NOT NULL, "
                        + "backup_id text NOT NULL, "
                        + "step integer NOT NULL, "
                        + "statement text NOT NULL, "
                        + "recorded_at timestamptz NOT NULL DEFAULT now(), "
                        + "PRIMARY KEY (restore_id, step))");
        Connections.execute(connection, "REVOKE ALL ON " + TABLE + " FROM PUBLIC");
        Connections.execute(
                connection,
                "COMMENT ON TABLE " + TABLE + " IS 'Statements that put back the tables of a parallel restore"
                        + " (account-backup-operator) that did not finish; run by the next restore or the repair command'");
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the failure to report is the one that made the repair stop
        }
    }
}
