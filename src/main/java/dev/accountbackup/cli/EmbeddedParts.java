package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;

/**
 * The demo and the benchmark start an embedded PostgreSQL from binaries inside the jar, and the demo an
 * in-process Kubernetes API server. The operator image leaves both out (the operator runs neither), so
 * these commands say where to run them instead of failing on a missing class.
 */
final class EmbeddedParts {

    static final String POSTGRES_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    static final String POSTGRES_BINARIES = "postgres-linux-x86_64.txz";
    static final String API_SERVER_CLASS = "io.fabric8.kubernetes.client.server.mock.KubernetesMockServer";

    private EmbeddedParts() {}

    /** @throws BackupException (INVALID) when the embedded PostgreSQL is not on the class path */
    static void requirePostgres(String command) {
        if (!hasClass(POSTGRES_CLASS) || EmbeddedParts.class.getClassLoader().getResource(POSTGRES_BINARIES) == null) {
            throw missing(command, "an embedded PostgreSQL");
        }
    }

    /** @throws BackupException (INVALID) when the in-process Kubernetes API server is not on the class path */
    static void requireApiServer(String command) {
        if (!hasClass(API_SERVER_CLASS)) {
            throw missing(command, "an in-process Kubernetes API server");
        }
    }

    private static boolean hasClass(String name) {
        try {
            Class.forName(name, false, EmbeddedParts.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static BackupException missing(String command, String part) {
        return BackupException.invalid(
                command + " needs " + part + ", which the operator image leaves out: run it from the jar"
                        + " (java -jar account-backup-operator.jar " + command + ")");
    }
}
