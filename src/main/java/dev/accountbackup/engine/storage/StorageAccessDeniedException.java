package dev.accountbackup.engine.storage;

import java.io.IOException;

/** Storage refused an operation for good (permissions, missing bucket, read-only volume): retrying cannot help. */
public class StorageAccessDeniedException extends IOException {
    public StorageAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
