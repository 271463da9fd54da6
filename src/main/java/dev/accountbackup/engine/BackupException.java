package dev.accountbackup.engine;

/**
 * A failure the user can act on. The message is written for the person running the backup or
 * restore: it says what went wrong and what to fix, and never contains credentials or row content.
 */
public class BackupException extends RuntimeException {

    /** What kind of failure this is; decides whether a retry can help. */
    public enum Kind {
        /** The request itself is wrong (unknown table, bad mode, schema drift): retrying cannot help. */
        INVALID(false),
        /** The database refused the credentials. */
        AUTHENTICATION(false),
        /** The database could not be reached, or is not accepting connections yet. */
        UNREACHABLE(true),
        /**
         * A credential the run needs (a password, a key), or a part of it, is not there yet: the caller may
         * supply it moments later (with GitOps a Secret is often applied after the resource), so the run waits
         * for it instead of failing.
         */
        CREDENTIALS_MISSING(true),
        /** Storage refused or failed an operation. */
        STORAGE(true),
        /** Storage refused access (permissions, missing bucket): retrying cannot help. */
        STORAGE_DENIED(false),
        /** A cloud API (e.g. RDS) refused the operator's identity or a key it needs: retrying cannot help. */
        CLOUD_DENIED(false),
        /** A cloud API (e.g. RDS) is throttling, failing on its side, or unreachable. */
        CLOUD_UNAVAILABLE(true),
        /** A cloud API refused the request (quota, state of the database) or its work failed there: retrying cannot help. */
        CLOUD_FAILED(false),
        /** A stored backup does not match its manifest. */
        CORRUPT(false),
        /**
         * A signing key is configured and a backup's manifest is not signed by it (signature missing,
         * wrong or under a key no longer configured): the backup may be forged, so it is refused.
         */
        UNTRUSTED(false),
        /** The database rejected the data (constraint, type); the transaction was rolled back. */
        DATA(false),
        /** The tables are locked by another restore or a long transaction past the lock timeout: retrying later can help. */
        BUSY(true),
        /** Anything else; retried in case it was transient. */
        INTERNAL(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public BackupException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BackupException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable();
    }

    public static BackupException invalid(String message) {
        return new BackupException(Kind.INVALID, message);
    }
}
