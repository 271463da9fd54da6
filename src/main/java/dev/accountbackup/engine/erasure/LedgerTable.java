package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.catalog.Identifiers;
import dev.accountbackup.engine.catalog.QualifiedName;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

/**
 * A table in which the application records the accounts it erased, e.g. {@code gdpr.erasures} with
 * the erased account's key in {@code user_id}: read in the database a restore writes to, at every
 * restore, so that what the application erased since the backup stays erased. Names are parsed as
 * PostgreSQL parses them (unquoted parts fold to lower case) and quoted in the query; the keys stay
 * in memory and are never logged.
 *
 * @param table     the table, as schema.table
 * @param keyColumn the column holding an erased account's key (the root table's primary key)
 * @param root      the root table of the accounts the keys name, e.g. public.users
 */
public record LedgerTable(String table, String keyColumn, String root) {

    /** More erased accounts than any application records; a table holding more is refused, not half read. */
    public static final int MAX_KEYS = 5_000_000;
    /** Longer than any account key; a longer value is refused rather than cut and missed. */
    static final int MAX_KEY_CHARS = 1024;

    public LedgerTable {
        QualifiedName.parse(table);
        QualifiedName.parse(root);
        QualifiedName column = QualifiedName.parse(keyColumn);
        if (column.schema() != null) {
            throw BackupException.invalid("the key column of erasure table " + table + " is a column name, not "
                    + keyColumn + ": write it without a table or schema");
        }
    }

    /**
     * The keys the table holds, each once.
     *
     * @throws BackupException INVALID when the table or column is missing, unreadable, or holds too many or too long
     *                         keys; the restore then writes nothing
     */
    public Set<String> readKeys(DatabaseTarget target) {
        Connection connection = Connections.open(target);
        try {
            connection.setReadOnly(true);
            connection.setAutoCommit(false); // a cursor, so the keys arrive in batches
            try (PreparedStatement st = connection.prepareStatement(query())) {
                st.setFetchSize(10_000);
                st.setInt(1, MAX_KEY_CHARS + 1);
                try (ResultSet rs = st.executeQuery()) {
                    return keys(rs);
                }
            }
        } catch (SQLException e) {
            throw unreadable(e, null, "nothing was restored (ignoreErasures restores without it)");
        } finally {
            Connections.closeQuietly(connection);
        }
    }

    private String query() {
        String column = quotedColumn(keyColumn);
        return "SELECT DISTINCT left(" + column + "::text, ?) FROM " + quotedTable() + " WHERE " + column
                + " IS NOT NULL";
    }

    private String quotedTable() {
        QualifiedName name = QualifiedName.parse(table);
        return name.schema() == null
                ? Identifiers.quote(name.name())
                : Identifiers.qualified(name.schema(), name.name());
    }

    private String quotedColumn(String column) {
        QualifiedName name = QualifiedName.parse(column);
        if (name.schema() != null) {
            throw BackupException.invalid("a column of erasure table " + table + " is a column name, not " + column
                    + ": write it without a table or schema");
        }
        return Identifiers.quote(name.name());
    }

    /**
     * What the table holds, for the evidence report, counted by the database: never a key.
     *
     * @param erasures  the distinct keys it holds: the accounts it erased
     * @param rows      its rows with a key (the same key may be recorded more than once)
     * @param first     the earliest time in {@code timeColumn}; null without one, or when the table is empty
     * @param latest    the latest time in {@code timeColumn}
     */
    public record Summary(String table, long erasures, long rows, Instant first, Instant latest) {}

    /**
     * Counts the table's erasures in {@code target} and, when {@code timeColumn} is given, when the first and the latest
     * were recorded.
     *
     * @throws BackupException INVALID when the table or a column is missing or unreadable
     */
    public Summary summarise(DatabaseTarget target, String timeColumn) {
        String key = quotedColumn(keyColumn);
        String times = timeColumn == null
                ? ", NULL::timestamptz, NULL::timestamptz"
                : ", min(" + quotedColumn(timeColumn) + ")::timestamptz, max(" + quotedColumn(timeColumn)
                        + ")::timestamptz";
        String sql = "SELECT count(DISTINCT " + key + "::text), count(*)" + times + " FROM " + quotedTable() + " WHERE "
                + key + " IS NOT NULL";
        Connection connection = Connections.open(target);
        try {
            connection.setReadOnly(true);
            try (PreparedStatement st = connection.prepareStatement(sql);
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Summary(describe(), rs.getLong(1), rs.getLong(2), instant(rs, 3), instant(rs, 4));
            }
        } catch (SQLException e) {
            throw unreadable(e, timeColumn, "the report cannot show its erasures");
        } finally {
            Connections.closeQuietly(connection);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private Set<String> keys(ResultSet rs) throws SQLException {
        Set<String> keys = new HashSet<>();
        while (rs.next()) {
            String key = rs.getString(1);
            if (key.length() > MAX_KEY_CHARS) {
                throw BackupException.invalid("erasure table " + table + " holds a key longer than " + MAX_KEY_CHARS
                        + " characters in " + keyColumn + ", which is no account key: nothing was restored");
            }
            keys.add(ErasureHasher.normalise(key));
            if (keys.size() > MAX_KEYS) {
                throw BackupException.invalid(
                        "erasure table " + table + " holds more than " + MAX_KEYS + " keys: nothing was restored");
            }
        }
        return keys;
    }

    /** By SQLState, never with the server's text: it names the table only, but this keeps messages predictable. */
    private BackupException unreadable(SQLException e, String timeColumn, String consequence) {
        String why = switch (e.getSQLState() == null ? "" : e.getSQLState()) {
            case "42P01", "3F000" -> "it does not exist in the target database";
            case "42703" -> "it has no column " + keyColumn + (timeColumn == null ? "" : " or " + timeColumn);
            case "42846", "42883", "22007", "22008" -> "column " + timeColumn + " does not hold times";
            case "42501" -> "the database user may not read it (grant SELECT on it)";
            default -> "it cannot be read (SQLState " + e.getSQLState() + ")";
        };
        return BackupException.invalid("erasure table " + table + " cannot be read: " + why + "; " + consequence);
    }

    public String describe() {
        return table + " (" + keyColumn + ")";
    }
}
