package dev.accountbackup.testing;

import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.sample.EmbeddedDatabase;
import dev.accountbackup.sample.SampleAccounts;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One real PostgreSQL server for the whole test run (starting one takes a second or more); each
 * test gets databases of its own from {@link #newDatabase()}.
 */
public final class TestPostgres {

    private static EmbeddedDatabase server;

    private TestPostgres() {}

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            // set by the build for the runs of the engine's tests against newer PostgreSQL versions
            String binaries = System.getProperty("accountbackup.test.postgresBinaries", "");
            Path data = Path.of(System.getProperty("java.io.tmpdir"), "test-postgresql-" + UUID.randomUUID());
            server = EmbeddedDatabase.start(binaries.isBlank() ? null : Path.of(binaries), data);
            System.out.println("tests run against PostgreSQL " + server.version());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndRemove(data)));
        }
        return server;
    }

    /**
     * Stops the server and leaves removing its data to a process of its own: the tests' hundreds of
     * databases take longer to delete than the test runner waits for a JVM to exit.
     */
    private static void stopAndRemove(Path data) {
        server.close();
        try {
            new ProcessBuilder("rm", "-rf", data.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            System.err.println("test PostgreSQL data left in " + data + ": " + e.getMessage());
        }
    }

    /** A new, empty database. */
    public static DatabaseTarget newDatabase() {
        return server().createDatabase("test");
    }

    /** A new database with the sample accounts schema and {@code users} accounts. */
    public static DatabaseTarget newAccountsDatabase(int users) {
        DatabaseTarget db = newDatabase();
        try (Connection c = connect(db)) {
            SampleAccounts.createAndSeed(c, users);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    public static Connection connect(DatabaseTarget db) throws SQLException {
        return server().connect(db.database());
    }

    public static void execute(DatabaseTarget db, String sql) {
        server().execute(db.database(), sql);
    }

    /** Each row of a table as {@code value} (an expression of the row {@code t}), keyed by {@code key}, to compare whole contents. */
    public static Map<String, String> contents(DatabaseTarget db, String table, String key, String value) {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = Connections.open(db);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT (" + key + ")::text, " + value + " FROM " + table + " t ORDER BY 1")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** The number a query such as {@code SELECT count(*) FROM ...} returns. */
    public static long number(DatabaseTarget db, String query) {
        try (Connection c = connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many rows a table (a trusted, schema-qualified name from the test itself) holds. */
    public static long rowCount(DatabaseTarget db, String table) {
        return number(db, "SELECT count(*) FROM " + table);
    }
}
