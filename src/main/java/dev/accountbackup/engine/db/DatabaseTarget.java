package dev.accountbackup.engine.db;

import java.util.Objects;

/**
 * Where a PostgreSQL database is and how to log in to it. The password never leaves this object
 * in text form: {@link #toString()} and {@link #describe()} leave it out.
 */
public record DatabaseTarget(String host, int port, String database, String user, String password, String sslMode) {

    public static final int DEFAULT_PORT = 5432;

    public DatabaseTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        if (port <= 0) {
            port = DEFAULT_PORT;
        }
    }

    /** host:port/database, for messages and manifests. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + user + "@" + describe() + (sslMode == null ? "" : ", sslmode=" + sslMode) + "]";
    }
}
