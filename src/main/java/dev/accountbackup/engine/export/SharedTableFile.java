package dev.accountbackup.engine.export;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.crypto.FileCipher;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoreOutput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One table's file of a backup while readers write it: whole compressed blocks are appended under
 * a lock, in whatever order they come (row order in a backup file carries no meaning), then
 * encrypted when the backup is, hashed and stored by a thread of the file's own, exactly as a file
 * written in one stream, so that readers go on reading meanwhile. The file becomes visible in
 * storage only once {@link #commit} succeeded.
 */
final class SharedTableFile {

    private final TableSchema table;
    private final String file;
    private final String uri;
    private final StoreOutput stored;
    private final StoredFileStream sink;
    /** Encryption (when the backup has it), hashing and storage, on the writer's own thread. */
    private final BackgroundWriter out;
    /** What the writer writes to: the cipher, or the stored file. */
    private final OutputStream target;

    private final FileFraming framing;
    private final ReentrantLock lock = new ReentrantLock();

    private SharedTableFile(
            TableSchema table,
            String file,
            String uri,
            StoreOutput stored,
            StoredFileStream sink,
            OutputStream target,
            FileFraming framing) {
        this.table = table;
        this.file = file;
        this.uri = uri;
        this.stored = stored;
        this.sink = sink;
        this.target = target;
        this.out = new BackgroundWriter(target, "export " + file);
        this.framing = framing;
    }

    /** @param cipher the backup's file cipher, or null; @param objectLock the backup's Object Lock, or null */
    static SharedTableFile create(
            TableSchema table,
            BackupLocation location,
            String backupId,
            String file,
            Compression compression,
            ObjectLock objectLock,
            FileCipher cipher) {
        BackupStore store = location.store();
        String key = location.key(backupId, file);
        String uri = store.uri(key);
        StoreOutput stored;
        try {
            stored = store.create(key, objectLock);
        } catch (IOException e) {
            throw BackupLocation.storageError("writing " + uri, e);
        }
        StoredFileStream sink = new StoredFileStream(stored);
        try {
            OutputStream target = cipher == null ? sink : cipher.encrypt(sink, backupId, file);
            FileFraming framing = FileFraming.of(compression);
            framing.start(target);
            return new SharedTableFile(table, file, uri, stored, sink, target, framing);
        } catch (IOException | RuntimeException e) {
            stored.abort();
            throw e instanceof IOException io ? failure(io, sink, uri, table) : (RuntimeException) e;
        }
    }

    TableSchema table() {
        return table;
    }

    /**
     * Lets go of the file taken with {@link #lockInterruptibly}: a reader holds it while it writes a
     * row longer than a block, so that no other block lands in the middle of it.
     */
    void unlock() {
        lock.unlock();
    }

    /** Takes the file; a reader waiting for it stops when interrupted, as a reader waiting for storage does. */
    void lockInterruptibly() throws InterruptedIOException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for another reader of the same table");
        }
    }

    /** Appends one block: {@code compressed[0, length)} holds {@code raw[0, rawLength)}. */
    void append(byte[] raw, int rawLength, byte[] compressed, int length) throws IOException {
        lockInterruptibly();
        try {
            framing.added(raw, rawLength);
            out.write(compressed, 0, length);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the file and makes it visible in storage; called once, after every block is appended. */
    TableEntry commit(long rows) {
        try {
            framing.end(out);
            out.close();
            stored.close();
        } catch (IOException e) {
            throw failure(e, sink, uri, table);
        }
        List<ColumnEntry> columns = table.columns().stream()
                .map(c -> new ColumnEntry(c.name(), c.type(), c.nullable(), c.encoding(), c.elementEncoding()))
                .toList();
        return new TableEntry(
                table.schema(),
                table.name(),
                file,
                rows,
                sink.bytes(),
                sink.sha256Hex(),
                List.copyOf(table.primaryKey()),
                columns,
                table.foreignKeys());
    }

    /** Drops the file: no temporary file or open upload is left. */
    void abort() {
        out.abort();
        sink.discard();
        try {
            target.close(); // frees the cipher; what it writes is discarded
        } catch (IOException | RuntimeException ignored) {
            // the file is dropped whatever the cipher says
        } finally {
            stored.abort();
        }
    }

    /** A failure while writing: the store's when it reported one, else the cipher's. */
    BackupException failure(IOException e) {
        return failure(e, sink, uri, table);
    }

    private static BackupException failure(IOException e, StoredFileStream sink, String uri, TableSchema table) {
        if (sink.storageFailure() != null) {
            return BackupLocation.storageError("writing " + uri, sink.storageFailure());
        }
        return new BackupException(
                BackupException.Kind.INTERNAL,
                "writing the file of table " + table.displayName() + " failed: " + e.getMessage(),
                e);
    }
}
