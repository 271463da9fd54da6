package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.Identifiers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * InsertMissing into a table that holds rows, without staging the backup: under the restore's lock
 * the table's primary keys are read once (key columns only) into a compact {@link KeySet}, then the
 * backup streams through the restore's row pipeline straight into the table with one COPY, keeping
 * only the rows whose key the table lacks. COPY fires the table's INSERT triggers and checks its
 * constraints row by row, as the staged path's INSERT does.
 *
 * <p>Tables whose keys do not suit (types other than integers and uuids) or would not fit in {@link
 * KeySet#MEMORY} go the staged way.
 */
final class MissingRowsCopy {

    /** What one table's copy did. */
    record Copied(long inserted, long present) {}

    private final Connection connection;
    private final CopyManager copyManager;
    private final BackupFiles files;
    private final Duration lockTimeout;
    private final TableRows rows;

    /** @param rows the restore's row pipeline (erasures withheld, masking...), before the missing rows are picked */
    MissingRowsCopy(Connection connection, BackupFiles files, Duration lockTimeout, TableRows rows)
            throws SQLException {
        this.connection = connection;
        this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
        this.files = files;
        this.lockTimeout = lockTimeout;
        this.rows = rows;
    }

    /**
     * Whether {@code plan}'s missing rows can go straight in: a key of integers or uuids, and an
     * estimated number of rows ({@code pg_class.reltuples}) whose keys fit.
     */
    boolean suits(TablePlan plan) throws SQLException {
        return plan.keyed() && KeySet.fits(keyColumns(plan), estimatedRows(plan));
    }

    /**
     * Inserts the missing rows. Call it under the restore's lock, so that no row arrives between
     * reading the keys and inserting.
     *
     * @return what was done; null when the table's keys do not fit in memory after all (nothing was
     *     inserted: the caller stages the table)
     */
    Copied insert(TablePlan plan) throws SQLException {
        KeySet keys = readKeys(plan);
        if (keys == null) {
            return null;
        }
        TableLoader loader = new TableLoader(connection, files, lockTimeout, rows.missingFrom(plan, keys));
        long inserted = loader.load(plan, target(plan));
        return new Copied(inserted, keys.present());
    }

    /** The table's primary keys, as PostgreSQL writes them; null when they do not fit in memory. */
    private KeySet readKeys(TablePlan plan) throws SQLException {
        List<String> key = plan.target().primaryKey();
        KeySet keys = KeySet.forKey(keyColumns(plan), estimatedRows(plan));
        boolean fits = true;
        String[] values = new String[key.size()];
        CopyOut out = copyManager.copyOut("COPY (SELECT "
                + key.stream().map(Identifiers::quote).collect(Collectors.joining(", ")) + " FROM "
                + target(plan) + ") TO STDOUT");
        byte[] row;
        // read to the end even once the keys do not fit: cancelling the COPY would abort the transaction
        while ((row = out.readFromCopy()) != null) {
            if (fits) {
                split(row, values);
                fits = keys.add(values);
            }
        }
        return fits ? keys : null;
    }

    /** A COPY text row of integers and uuids (nothing escaped in them) into its values. */
    private static void split(byte[] row, String[] values) {
        int end = row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length;
        int from = 0;
        for (int i = 0; i < values.length; i++) {
            int tab = from;
            while (tab < end && row[tab] != '\t') {
                tab++;
            }
            values[i] = new String(row, from, tab - from, StandardCharsets.US_ASCII);
            from = tab + 1;
        }
    }

    /** PostgreSQL's estimate of the table's rows; 0 when it has none yet (the limit is then checked while reading). */
    private long estimatedRows(TablePlan plan) throws SQLException {
        try (PreparedStatement st =
                connection.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = ?::regclass")) {
            st.setString(1, target(plan));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Math.max(0, rs.getLong(1)) : 0;
            }
        }
    }

    private static List<ColumnSchema> keyColumns(TablePlan plan) {
        return plan.target().primaryKey().stream()
                .map(k -> plan.restored().stream()
                        .filter(c -> c.name().equals(k))
                        .findFirst()
                        .orElseThrow())
                .toList();
    }

    private static String target(TablePlan plan) {
        return plan.target().quotedName();
    }
}
