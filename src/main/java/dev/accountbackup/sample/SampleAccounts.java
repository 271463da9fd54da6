package dev.accountbackup.sample;

import dev.accountbackup.engine.db.Connections;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A realistic accounts database for the demo, the benchmark and the tests: {@code users},
 * {@code user_identities} (many per user) and {@code user_profiles} (one per user), filled
 * deterministically with Unicode, NULLs, arrays, jsonb and bytea.
 */
public final class SampleAccounts {

    public static final List<String> TABLES = List.of("public.users", "public.user_identities", "public.user_profiles");

    private SampleAccounts() {}

    /** Drops and creates the three tables, empty. */
    public static void createSchema(Connection connection) throws SQLException {
        Connections.execute(connection, resource("accounts-schema.sql"));
    }

    /** Creates the tables and fills them with {@code users} accounts. */
    public static void createAndSeed(Connection connection, int users) throws SQLException {
        createSchema(connection);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Connections.execute(connection, resource("accounts-seed.sql").replace("${users}", Integer.toString(users)));
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        Connections.execute(connection, "ANALYZE users, user_identities, user_profiles");
    }

    private static String resource(String name) {
        try (InputStream in = SampleAccounts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
