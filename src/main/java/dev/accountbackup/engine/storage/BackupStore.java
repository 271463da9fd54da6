package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.manifest.ObjectLock;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Object storage for backups: a file-system directory or an S3 bucket prefix. Keys are relative,
 * '/'-separated paths below the store's root. Implementations are safe for use from several threads.
 */
public interface BackupStore extends AutoCloseable {

    /**
     * Starts writing an object. Nothing is visible under {@code key} until the returned stream is
     * closed; {@link StoreOutput#abort()} discards what was written.
     */
    StoreOutput create(String key) throws IOException;

    /**
     * Like {@link #create(String)}, with S3 Object Lock retention on the object ({@code lock} null: as the
     * store's settings say). Stores that cannot lock objects refuse a lock rather than write an unlocked object.
     */
    default StoreOutput create(String key, ObjectLock lock) throws IOException {
        if (lock != null) {
            throw new IOException(uri(key) + " cannot be written with an Object Lock: only S3 storage locks objects");
        }
        return create(key);
    }

    /** The Object Lock this store puts on every backup it writes; empty when it locks nothing. */
    default Optional<ObjectLockPolicy> objectLockPolicy() {
        return Optional.empty();
    }

    /** Reads an object; {@link java.nio.file.NoSuchFileException} when there is none. */
    InputStream open(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<StoredObject> list(String prefix) throws IOException;

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key) throws IOException;

    /**
     * Every stored version of the objects whose key starts with {@code prefix}, noncurrent ones included
     * (delete markers, which hold no data, left out). Stores without versions list each object once,
     * with a null version id.
     */
    default List<StoredVersion> versions(String prefix) throws IOException {
        return list(prefix).stream()
                .map(o -> new StoredVersion(o.key(), null, true))
                .toList();
    }

    /** Deletes one version for good ({@code versionId} null: the object, as {@link #delete(String)}). */
    default void delete(StoredVersion version) throws IOException {
        if (version.versionId() != null) {
            throw new IOException(uri(version.key()) + ": this store keeps no versions");
        }
        delete(version.key());
    }

    /** The Object Lock that S3 reports on one version; empty when none, or for stores that cannot lock. */
    default Optional<ObjectRetention> retention(StoredVersion version) throws IOException {
        return Optional.empty();
    }

    /**
     * Discards what writes cut short (a killed process, a failure before {@link StoreOutput#abort()})
     * left below {@code prefix}: the file-system store's temporary files, S3's unfinished multipart
     * uploads. Complete objects are not touched. Only for folders that nothing writes to any more.
     *
     * @return how many were discarded
     */
    int discardUnfinished(String prefix) throws IOException;

    /** Where a key lives, as a URI without credentials: {@code s3://bucket/prefix/key} or {@code file:///dir/key}. */
    String uri(String key);

    @Override
    void close();
}
