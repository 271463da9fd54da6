package dev.accountbackup.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

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

    /** Reads an object; {@link java.nio.file.NoSuchFileException} when there is none. */
    InputStream open(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<StoredObject> list(String prefix) throws IOException;

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key) throws IOException;

    /** Where a key lives, as a URI without credentials: {@code s3://bucket/prefix/key} or {@code file:///dir/key}. */
    String uri(String key);

    @Override
    void close();
}
