package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.Identifiers;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns database errors met during a restore into messages that name the table, the column and
 * the reason. PostgreSQL's own messages for rejected data quote the values, so for those the
 * message is built here from the SQLSTATE and the names PostgreSQL reports, never from its text.
 */
final class RestoreErrors {

    private static final Pattern COPY_LINE = Pattern.compile("COPY [^\\n]*?, line (\\d+)");
    /** The key columns of a unique violation's detail, {@code Key (a, b)=(...) already exists} (the values are never used). */
    private static final Pattern KEY_COLUMNS = Pattern.compile("^Key \\((.+?)\\)=\\(");

    private RestoreErrors() {}

    /** Database work of a restore, whose {@link SQLException} becomes a restore error. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work}, translating a database error as {@link #translate} does.
     *
     * @param table the table the work is on, or null (the restore as a whole)
     */
    static <T> T call(TablePlan table, Duration lockTimeout, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw translate(e, table, lockTimeout);
        }
    }

    /**
     * @param table the table being restored when it happened, or null (at commit)
     * @param lockTimeout how long the restore waits for a lock
     */
    static BackupException translate(SQLException e, TablePlan table, Duration lockTimeout) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ServerErrorMessage server = serverMessage(e);
        String where = table != null ? "restoring table " + table.displayName() : "committing the restore";
        if (state.equals("55P03")) {
            return new BackupException(
                    Kind.BUSY,
                    where + " failed: waited more than " + seconds(lockTimeout) + " for a lock"
                            + (table != null ? " on " + table.displayName() : "")
                            + "; another restore or a long-running transaction is using the"
                            + " table. Nothing was changed; retry when it has finished",
                    e);
        }
        if (state.equals("23505") && table != null && violatesPrimaryKey(server, table)) {
            // the restore only ever inserts keys the table lacks: two rows of the backup share this key
            return duplicateKeys(table);
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return dataError(e, state, server, table, where);
        }
        if (state.startsWith("08")) {
            return new BackupException(
                    Kind.UNREACHABLE,
                    where + " failed: the connection to the database was lost (" + state
                            + "); the transaction was rolled back by the database",
                    e);
        }
        if (state.equals("42501")) {
            return BackupException.invalid(where + " failed: the database user lacks a privilege ("
                    + firstLine(e.getMessage()) + "); grant it and retry. Nothing was changed");
        }
        if (state.startsWith("40")) {
            return new BackupException(
                    Kind.INTERNAL,
                    where + " failed: the database aborted the transaction (" + state + ", " + firstLine(e.getMessage())
                            + "). Nothing was changed; retry",
                    e);
        }
        // classes whose messages name objects and never row content
        boolean safeText = state.length() == 5 && "25 42 53 54 55 57 58".contains(state.substring(0, 2));
        return new BackupException(
                Kind.INTERNAL,
                where + " failed: PostgreSQL reported " + (state.isEmpty() ? "an error" : "SQLSTATE " + state)
                        + (safeText ? " (" + firstLine(e.getMessage()) + ")" : "") + ". Nothing was changed",
                e);
    }

    /** The backup file holds two rows with the same primary key: names the table and the key's columns, never a value. */
    static BackupException duplicateKeys(TablePlan table) {
        return new BackupException(
                Kind.CORRUPT,
                "backup file of table " + table.displayName() + " holds more than one row with the same"
                        + " primary key (" + String.join(", ", table.target().primaryKey())
                        + "): a backup never does, so the file was damaged or"
                        + " altered. Nothing was changed");
    }

    /** Whether a unique violation is on exactly the primary key columns of the restored table. */
    private static boolean violatesPrimaryKey(ServerErrorMessage server, TablePlan table) {
        if (server == null
                || server.getDetail() == null
                || !table.keyed()
                || server.getTable() != null
                        && !server.getTable().equals(table.target().name())) {
            return false;
        }
        Matcher key = KEY_COLUMNS.matcher(server.getDetail());
        if (!key.find()) {
            return false;
        }
        String columns = key.group(1);
        List<String> primaryKey = table.target().primaryKey();
        return columns.equals(String.join(", ", primaryKey))
                || columns.equals(primaryKey.stream().map(Identifiers::quote).collect(Collectors.joining(", ")));
    }

    private static BackupException dataError(
            SQLException e, String state, ServerErrorMessage server, TablePlan table, String where) {
        String context = server == null ? null : server.getWhere();
        ColumnSchema column = column(server, context, table);
        String constraint = server == null ? null : server.getConstraint();
        String otherTable = server == null
                        || server.getTable() == null
                        || table == null
                        || (server.getTable().equals(table.target().name())
                                && table.target().schema().equals(server.getSchema()))
                ? null
                : (server.getSchema() == null ? "" : server.getSchema() + ".") + server.getTable();
        StringBuilder m = new StringBuilder(where).append(" failed");
        if (column != null) {
            m.append(": column ")
                    .append(column.name())
                    .append(" (")
                    .append(column.type())
                    .append(')');
        }
        m.append(": ").append(reason(state, column, constraint));
        if (otherTable != null && !otherTable.startsWith("pg_temp")) {
            m.append(" on table ").append(otherTable);
        }
        Matcher line = context == null ? null : COPY_LINE.matcher(context);
        String row = line != null && line.find() ? "row " + line.group(1) + " of the backup file, " : "";
        m.append(" (").append(row).append("SQLSTATE ").append(state).append(')');
        m.append(". Nothing was changed");
        if (state.startsWith("22") && column != null) {
            m.append("; the column's type may have changed since the backup");
        }
        return new BackupException(Kind.DATA, m.toString(), e);
    }

    private static String reason(String state, ColumnSchema column, String constraint) {
        String type = column == null ? "its column's type" : "type " + column.type();
        String named = constraint == null ? "" : " " + constraint;
        return switch (state) {
            case "22P02" -> "a backed-up value is not valid input for " + type;
            case "22001" -> "a backed-up value is too long for " + type;
            case "22003" -> "a backed-up value is out of range for " + type;
            case "22007", "22008" -> "a backed-up value is not a valid date or time for " + type;
            case "22021" ->
                "a backed-up value contains bytes that are not valid in the database encoding (such as \\u0000)";
            case "22P05" -> "a backed-up value contains a character the database encoding cannot represent";
            case "23502" -> "a row has NULL in a NOT NULL column";
            case "23505" -> "a restored row has the same key as another row under unique constraint" + named;
            case "23503" ->
                "the rows violate foreign key constraint" + named
                        + " (a referenced row is missing, or a deleted row is still referenced)";
            case "23514" -> "a row violates check constraint" + named;
            case "23P01" -> "a row violates exclusion constraint" + named;
            default -> state.startsWith("23") ? "a row violates constraint" + named : "a backed-up value was rejected";
        };
    }

    /** The column named in the error fields, or in COPY's context line ({@code COPY t, line 3, column c: ...}). */
    private static ColumnSchema column(ServerErrorMessage server, String context, TablePlan table) {
        if (table == null || server == null) {
            return null;
        }
        if (server.getColumn() != null) {
            ColumnSchema named = table.target().column(server.getColumn()).orElse(null);
            if (named != null) {
                return named;
            }
        }
        if (context == null) {
            return null;
        }
        ColumnSchema best = null;
        for (ColumnSchema c : table.restored()) {
            String marker = ", column " + c.name();
            int at = context.indexOf(marker);
            while (at >= 0) {
                int after = at + marker.length();
                boolean ends =
                        after == context.length() || context.charAt(after) == ':' || context.charAt(after) == '\n';
                if (ends && (best == null || c.name().length() > best.name().length())) {
                    best = c;
                }
                at = context.indexOf(marker, at + 1);
            }
        }
        return best;
    }

    private static ServerErrorMessage serverMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return p.getServerErrorMessage();
            }
        }
        return null;
    }

    /** The SQLException behind an I/O failure of a COPY stream, or null when the failure was elsewhere. */
    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
