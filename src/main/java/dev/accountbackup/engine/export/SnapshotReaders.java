package dev.accountbackup.engine.export;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * More connections that see exactly what the export's first connection sees, as pg_dump -j does:
 * the first transaction exports its snapshot, and each new connection starts a REPEATABLE READ,
 * READ ONLY transaction in that snapshot. Every table and every range of a backup read through
 * them is of the same point in time.
 */
final class SnapshotReaders {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReaders.class);

    /** What pg_export_snapshot() returns (e.g. 00000003-0000001B-1): checked before it goes into SQL text. */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-F]{1,16}(-[0-9A-F]{1,16}){1,2}");

    private SnapshotReaders() {}

    /** Starts the REPEATABLE READ, READ ONLY transaction every connection of an export reads in. */
    static void begin(Connection connection) throws SQLException {
        Connections.execute(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    }

    /**
     * Exports the snapshot of {@code first}, whose transaction was just {@linkplain #begin begun},
     * for other connections to {@link #join}. Null when the server cannot share it: the transaction
     * of {@code first} is then begun again, and the export reads on that one connection.
     */
    static String share(Connection first) throws SQLException {
        try (Statement st = first.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            String id = rs.getString(1);
            if (id != null && SNAPSHOT_ID.matcher(id).matches()) {
                return id;
            }
            LOG.info("reading with one connection: pg_export_snapshot() returned an unexpected snapshot name");
        } catch (SQLException e) {
            LOG.info(
                    "reading with one connection: the snapshot cannot be shared ({}, SQLSTATE {})",
                    firstLine(e.getMessage()),
                    e.getSQLState());
        }
        first.rollback();
        begin(first);
        return null;
    }

    /**
     * Opens up to {@code count} connections in {@code snapshot}; fewer when the server refuses more
     * connections: the export then reads with fewer readers, as consistent as ever.
     *
     * @return the new connections; the caller closes them
     */
    static List<Connection> join(DatabaseTarget database, String snapshot, int count) {
        List<Connection> joined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                joined.add(open(database, snapshot));
            } catch (BackupException | SQLException e) {
                LOG.warn(
                        "reading with {} connection(s) instead of {}: another connection in the export's snapshot failed: {}",
                        joined.size() + 1,
                        count + 1,
                        e instanceof SQLException ? firstLine(e.getMessage()) : e.getMessage());
                break;
            }
        }
        return joined;
    }

    private static Connection open(DatabaseTarget database, String snapshot) throws SQLException {
        Connection c = Connections.open(database);
        try {
            c.setAutoCommit(false);
            begin(c);
            Connections.execute(c, "SET TRANSACTION SNAPSHOT '" + snapshot + "'");
            return c;
        } catch (SQLException | RuntimeException e) {
            Connections.closeQuietly(c);
            throw e;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
