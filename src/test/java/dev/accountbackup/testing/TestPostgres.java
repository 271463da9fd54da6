package dev.accountbackup.testing;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.sample.EmbeddedDatabase;
import dev.accountbackup.sample.SampleAccounts;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One real PostgreSQL server for the whole test run (starting one takes a second or more); each
 * test gets databases of its own from {@link #newDatabase()}.
 */
public final class TestPostgres {

    private static EmbeddedDatabase server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            server = EmbeddedDatabase.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
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
}
