package dev.accountbackup.operator.resolve;

import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;

/**
 * Opens the store a spec names, on the job thread (an S3 client is built there). Holds any
 * credentials needed, so it is never logged or shown; {@link #describe()} says where it points.
 */
public interface StoreOpener {

    BackupStore open();

    /** A backup set in the opened store, signed and checked with the spec's signing keys if it names any. */
    default BackupLocation location(BackupStore opened, String path) {
        return new BackupLocation(opened, path);
    }

    /** The store's root without credentials, e.g. s3://backups/accounts or /var/lib/account-backup. */
    String describe();
}
