package dev.accountbackup.engine.db;

import dev.accountbackup.engine.BackupException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a PostgreSQL database is and how to log in to it. The password never leaves this object
 * in text form: {@link #toString()} and {@link #describe()} leave it out. Host, port, database and
 * user are checked here, whoever builds the target (spec, command line, RDS): see {@link ConnectionFields}.
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
        refuse("database host", ConnectionFields.hostProblem(host));
        refuse("database port", ConnectionFields.portProblem(port));
        refuse("database name", ConnectionFields.nameProblem(database));
        refuse("database user name", ConnectionFields.nameProblem(user));
    }

    private static void refuse(String field, Optional<String> problem) {
        problem.ifPresent(p -> {
            throw BackupException.invalid(field + " " + p);
        });
    }

    /** The same database and login on another host: e.g. a new instance restored from a snapshot of this one. */
    public DatabaseTarget at(String otherHost, int otherPort) {
        return new DatabaseTarget(otherHost, otherPort, database, user, password, sslMode);
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
