package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.ObjectRetention;
import dev.accountbackup.engine.storage.StoredVersion;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * An Object Lock that keeps a stored backup's data from being deleted: until the latest retention date
 * of any of its object versions, or for as long as a legal hold is on.
 *
 * @param until     the latest retention date that still holds; null under a legal hold only
 * @param legalHold whether a legal hold is on one of the versions
 */
record BackupHold(Instant until, boolean legalHold) {

    /**
     * The hold on a backup, from the lock its manifest records and from what S3 reports on every version
     * of every object in its folder: a bucket's default retention, a retention extended after the export
     * and a legal hold are in no manifest.
     */
    static Optional<BackupHold> of(BackupLocation location, Manifest manifest, Instant now) throws IOException {
        Optional<BackupHold> hold = manifest.lockedAt(now)
                ? Optional.of(new BackupHold(manifest.objectLock().retainUntil(), false))
                : Optional.empty();
        BackupStore store = location.store();
        for (StoredVersion v : store.versions(location.key(manifest.backupId(), ""))) {
            hold = and(hold, holdOn(store, v, now));
        }
        return hold;
    }

    /** {@link #of}, with a storage failure as the error the commands and the operator report. */
    static Optional<BackupHold> read(BackupLocation location, Manifest manifest, Instant now) {
        try {
            return of(location, manifest, now);
        } catch (IOException e) {
            throw BackupLocation.storageError("reading the Object Lock of " + location.uri(manifest.backupId()), e);
        }
    }

    /** The hold on versions S3 refused to delete, when S3 reports one on each of them. */
    static Optional<BackupHold> onAll(BackupStore store, Collection<StoredVersion> versions, Instant now)
            throws IOException {
        Optional<BackupHold> hold = Optional.empty();
        for (StoredVersion v : versions) {
            Optional<BackupHold> own = holdOn(store, v, now);
            if (own.isEmpty()) {
                return Optional.empty();
            }
            hold = and(hold, own);
        }
        return hold;
    }

    private static Optional<BackupHold> holdOn(BackupStore store, StoredVersion v, Instant now) throws IOException {
        Optional<ObjectRetention> lock = store.retention(v).filter(r -> r.holdsAt(now));
        // under a legal hold, a retention date already past holds nothing
        return lock.map(r -> new BackupHold(
                r.retainUntil() != null && now.isBefore(r.retainUntil()) ? r.retainUntil() : null, r.legalHold()));
    }

    private static Optional<BackupHold> and(Optional<BackupHold> a, Optional<BackupHold> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        Instant x = a.get().until();
        Instant y = b.get().until();
        Instant later = x == null ? y : y == null ? x : x.isAfter(y) ? x : y;
        return Optional.of(new BackupHold(later, a.get().legalHold() || b.get().legalHold()));
    }
}
