package dev.accountbackup.engine.export;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import java.sql.SQLException;

/**
 * Turns PostgreSQL errors met while exporting into messages a user can act on. Server messages
 * are repeated only for error classes that never quote values (access, resources, connection,
 * operator intervention): data errors can quote row content, so for them only the SQLSTATE is given.
 */
public final class SqlFailures {

    private SqlFailures() {}

    public static BackupException whileExporting(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String errorClass = state.length() >= 2 ? state.substring(0, 2) : "";
        String prefix = what + " failed (SQLSTATE " + (state.isEmpty() ? "unknown" : state) + ")";
        if (state.equals("42501")) {
            return new BackupException(
                    Kind.INVALID,
                    prefix + ": " + serverMessage(e) + ": grant the backup user SELECT on every table to back up",
                    e);
        }
        return switch (errorClass) {
            case "08" ->
                new BackupException(
                        Kind.UNREACHABLE, prefix + ": the connection to PostgreSQL was lost: " + serverMessage(e), e);
            case "57" ->
                new BackupException(
                        state.equals("57014") ? Kind.INTERNAL : Kind.UNREACHABLE,
                        prefix + ": " + serverMessage(e)
                                + " (a statement timeout, an administrator or a server shutdown stopped it)",
                        e);
            case "53", "40" ->
                new BackupException(Kind.INTERNAL, prefix + ": " + serverMessage(e) + "; retrying may help", e);
            case "42" -> new BackupException(Kind.INVALID, prefix + ": " + serverMessage(e), e);
            // no cause attached: its message could reach a log with the row content in it
            case "22", "23", "XX" ->
                new BackupException(
                        Kind.DATA,
                        prefix
                                + ": PostgreSQL could not read or convert a stored value; its message is left out because it may quote row content");
            default ->
                new BackupException(
                        Kind.INTERNAL,
                        prefix
                                + ": PostgreSQL reported an error; its message is left out because it may quote row content");
        };
    }

    private static String serverMessage(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replaceFirst("^ERROR: ", "");
    }
}
