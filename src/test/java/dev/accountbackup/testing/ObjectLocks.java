package dev.accountbackup.testing;

import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.StoreOutput;
import java.io.IOException;

/**
 * Backups as an S3 bucket with Object Lock holds them, in stores that cannot lock (the in-process
 * S3 server refuses lock headers, file systems have none): the manifest records the lock, which is
 * all that retention and deletion go by.
 */
public final class ObjectLocks {

    private ObjectLocks() {}

    /** Rewrites the manifest of a stored backup so that it records {@code lock}. */
    public static Manifest recordLock(BackupLocation location, String backupId, ObjectLock lock) throws IOException {
        Manifest m = location.readManifest(backupId);
        Manifest locked = new Manifest(
                m.formatVersion(),
                m.backupId(),
                m.startedAt(),
                m.completedAt(),
                m.source(),
                m.compression(),
                m.labels(),
                m.tables(),
                lock,
                m.encryption());
        try (StoreOutput out = location.store().create(location.key(backupId, Manifest.FILE_NAME))) {
            out.write(ManifestJson.write(locked));
        }
        return locked;
    }
}
