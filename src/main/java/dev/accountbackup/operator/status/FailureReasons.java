package dev.accountbackup.operator.status;

import dev.accountbackup.engine.BackupException;

/** Condition and event reasons for failures, by kind: a machine-readable hint of what to fix. */
public final class FailureReasons {

    private FailureReasons() {}

    public static String of(BackupException e) {
        return switch (e.kind()) {
            case INVALID -> "InvalidSpec";
            case CREDENTIALS_MISSING -> "SecretMissing";
            case AUTHENTICATION -> "AuthenticationFailed";
            case UNREACHABLE -> "DatabaseUnreachable";
            case STORAGE -> "StorageError";
            case STORAGE_DENIED -> "StorageDenied";
            case CLOUD_DENIED -> "CloudAccessDenied";
            case CLOUD_UNAVAILABLE -> "CloudUnavailable";
            case CLOUD_FAILED -> "CloudOperationFailed";
            case CORRUPT -> "BackupCorrupt";
            case UNTRUSTED -> "BackupNotTrusted";
            case DATA -> "DataRejected";
            case BUSY -> "TablesBusy";
            case INTERNAL -> "InternalError";
        };
    }
}
