package dev.accountbackup.operator.resolve;

import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;

/**
 * Opens the store a spec names, on the job thread (an S3 client is built there). Holds any
 * credentials needed, so it is never logged or shown; {@link #describe()} says where it points.
 */
public interface StoreOpener {

    BackupStore open();

    /** A set of backups in the opened store, signed and checked with the spec's signing keys and encrypted with its encryption keys, if it names any. */
    BackupLocation location(BackupStore store, String path);

    /** The store's root without credentials, e.g. s3://backups/accounts or /var/lib/account-backup. */
    String describe();
}
