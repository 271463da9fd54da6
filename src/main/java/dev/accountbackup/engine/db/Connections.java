package dev.accountbackup.engine.db;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;

/**
 * Opens connections with the session settings every export and restore relies on, and turns
 * connection failures into messages that say what to fix.
 */
public final class Connections {

    /** Value formats are part of the backup format: exports and restores both use these. */
    private static final String[] SESSION_SETTINGS = {
        "SET TimeZone = 'UTC'",
        "SET DateStyle = 'ISO, YMD'",
        "SET IntervalStyle = 'iso_8601'",
        "SET extra_float_digits = 3",
        "SET bytea_output = 'hex'",
        "SET client_encoding = 'UTF8'",
        "SET statement_timeout = 0",
    };

    /**
     * pgjdbc's URL with no host, port, database or parameters: the driver then takes them all from the
     * properties (its {@code Driver.parseURL} treats {@code //} and {@code ///} as empty; a bare
     * {@code jdbc:postgresql:} would set an empty database name instead).
     */
    private static final String PROPERTIES_ONLY_URL = "jdbc:postgresql:///";

    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private Connections() {}

    public static Connection open(DatabaseTarget target) {
        if (target.sslMode() != null && !SSL_MODES.contains(target.sslMode())) {
            throw BackupException.invalid("sslMode '" + target.sslMode() + "' is not one of "
                    + String.join(", ", SSL_MODES.stream().sorted().toList()));
        }
        Properties props = new Properties();
        props.setProperty("user", target.user());
        if (target.password() != null) {
            props.setProperty("password", target.password());
        }
        if (target.sslMode() != null) {
            props.setProperty("sslmode", target.sslMode());
        }
        props.setProperty("ApplicationName", "account-backup-operator");
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
        // where to connect goes in properties, never in the URL: no value can add a host, a database or a driver
        // setting
        props.setProperty("PGHOST", target.host());
        props.setProperty("PGPORT", Integer.toString(target.port()));
        props.setProperty("PGDBNAME", target.database());
        Connection connection;
        try {
            connection = DriverManager.getConnection(PROPERTIES_ONLY_URL, props);
        } catch (SQLException e) {
            throw translate(target, e);
        }
        try (Statement st = connection.createStatement()) {
            for (String setting : SESSION_SETTINGS) {
                st.execute(setting);
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw translate(target, e);
        }
    }

    /** Turns a failure to connect into a message naming the database and what to check. */
    static BackupException translate(DatabaseTarget target, SQLException e) {
        String where = target.describe();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        switch (state) {
            case "28P01", "28000":
                return new BackupException(
                        Kind.AUTHENTICATION,
                        "PostgreSQL at " + where + " rejected the login of user "
                                + ConnectionFields.shown(target.user()) + ": check the user name and password",
                        e);
            case "3D000":
                return BackupException.invalid("database " + ConnectionFields.shown(target.database())
                        + " does not exist on " + target.host() + ":" + target.port());
            case "53300", "57P03":
                return new BackupException(
                        Kind.UNREACHABLE,
                        "PostgreSQL at " + where + " is not accepting connections right now (" + state + ")",
                        e);
            default:
                break;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return new BackupException(
                        Kind.UNREACHABLE,
                        "host '" + target.host() + "' cannot be resolved: check the database host name",
                        e);
            }
            if (c instanceof ConnectException
                    || c instanceof NoRouteToHostException
                    || c instanceof SocketTimeoutException) {
                return new BackupException(
                        Kind.UNREACHABLE,
                        "cannot connect to PostgreSQL at " + where
                                + ": check the host, the port and that the database accepts connections from the operator",
                        e);
            }
        }
        if (state.startsWith("08")) {
            return new BackupException(
                    Kind.UNREACHABLE,
                    "connection to PostgreSQL at " + where + " failed (" + state + "): " + firstLine(e.getMessage()),
                    e);
        }
        return new BackupException(
                Kind.INTERNAL, "PostgreSQL at " + where + " reported " + state + ": " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Runs one statement that returns no rows. */
    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing after a failure: the first failure is the one reported
        }
    }
}
