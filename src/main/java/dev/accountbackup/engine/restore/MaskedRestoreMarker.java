package dev.accountbackup.engine.restore;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Marks a database that received a masked copy, so that nobody takes staging for production: a
 * row per masked restore in {@value #TABLE}, written in the restore's transaction.
 */
final class MaskedRestoreMarker {

    static final String TABLE = "public.account_backup_masked_restore";

    private MaskedRestoreMarker() {}

    static void write(Connection connection, String backupId, List<String> maskedColumns, int sampledAccounts)
            throws SQLException {
        createOnce(connection);
        Array columns = connection.createArrayOf("text", maskedColumns.toArray());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (backup_id, masked_columns, sampled_accounts) VALUES (?, ?, ?)")) {
            insert.setString(1, backupId);
            insert.setArray(2, columns);
            if (sampledAccounts > 0) {
                insert.setInt(3, sampledAccounts);
            } else {
                insert.setNull(3, Types.INTEGER);
            }
            insert.executeUpdate();
        } finally {
            columns.free();
        }
    }

    /** Created and commented once: a later restore may run as another user, who only adds rows. */
    private static void createOnce(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            statement.execute("CREATE TABLE " + TABLE + " ("
                    + "restored_at timestamptz NOT NULL DEFAULT now(), "
                    + "backup_id text NOT NULL, "
                    + "masked_columns text[] NOT NULL, "
                    + "sampled_accounts integer)");
            statement.execute(
                    "COMMENT ON TABLE " + TABLE
                            + " IS 'This database holds masked copies of account data (account-backup-operator), not production data'");
        }
    }
}
