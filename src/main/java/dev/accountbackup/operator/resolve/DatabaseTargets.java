package dev.accountbackup.operator.resolve;

import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.util.List;
import java.util.Map;

/** Turns a DatabaseSpec and its credentials Secret into a login the engine can use. */
public final class DatabaseTargets {

    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";

    private final SecretReader secrets;

    public DatabaseTargets(SecretReader secrets) {
        this.secrets = secrets;
    }

    public DatabaseTarget resolve(String namespace, DatabaseSpec spec) {
        Map<String, String> login = secrets.read(
                namespace,
                spec.getCredentialsSecret(),
                "the login to PostgreSQL at " + spec.getHost(),
                List.of(USERNAME, PASSWORD),
                List.of());
        int port = spec.getPort() == null ? DatabaseTarget.DEFAULT_PORT : spec.getPort();
        return new DatabaseTarget(
                spec.getHost(),
                port,
                spec.getName(),
                login.get(USERNAME),
                login.get(PASSWORD),
                blankToNull(spec.getSslMode()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
