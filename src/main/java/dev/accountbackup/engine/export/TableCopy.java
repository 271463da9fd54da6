package dev.accountbackup.engine.export;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.codec.CopyFormatException;
import dev.accountbackup.engine.codec.CopyTextToJson;
import dev.accountbackup.engine.crypto.FileCipher;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.masking.TableMask;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoreOutput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Streams one table into one file of a backup: COPY text from PostgreSQL, converted to JSON Lines,
 * compressed, encrypted when the backup is, hashed and stored. Nothing is held in memory beyond a few buffers; the file becomes
 * visible in storage only once complete.
 */
final class TableCopy {

    private final PGConnection connection;
    private final FileCipher cipher;

    /** @param cipher the backup's file cipher; null for a backup without encryption */
    TableCopy(PGConnection connection, FileCipher cipher) {
        this.connection = connection;
        this.cipher = cipher;
    }

    /**
     * @param lock the backup's Object Lock, or null
     * @param mask masks the rows before they are compressed; null to store them as they are
     */
    TableEntry copy(
            TableSchema table,
            BackupLocation location,
            String backupId,
            String file,
            Compression compression,
            ObjectLock lock,
            TableMask mask) {
        BackupStore store = location.store();
        String key = location.key(backupId, file);
        StoreOutput stored;
        try {
            stored = store.create(key, lock);
        } catch (IOException e) {
            throw BackupLocation.storageError("writing " + store.uri(key), e);
        }
        StoredFileStream sink = new StoredFileStream(stored);
        OutputStream compressed = null;
        BackgroundWriter writer = null;
        CopyOut copy = null;
        boolean committed = false;
        try {
            compressed = compression.compress(cipher == null ? sink : cipher.encrypt(sink, backupId, file));
            writer = new BackgroundWriter(compressed, "export " + file);
            CopyTextToJson converter = new CopyTextToJson(table.columns(), mask == null ? writer : mask.mask(writer));
            copy = connection.getCopyAPI().copyOut(copySql(table));
            byte[] chunk;
            while ((chunk = copy.readFromCopy()) != null) {
                converter.write(chunk, 0, chunk.length);
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted(table);
                }
            }
            converter.finish();
            if (copy.getHandledRowCount() != converter.rows()) {
                throw new BackupException(
                        Kind.INTERNAL,
                        "exporting table " + table.displayName() + " failed: PostgreSQL reported "
                                + copy.getHandledRowCount() + " rows but " + converter.rows() + " were read");
            }
            writer.close();
            compressed = null; // closed by the writer
            commit(stored, store.uri(key));
            committed = true;
            return entry(table, file, converter.rows(), sink);
        } catch (SQLException e) {
            throw SqlFailures.whileExporting("exporting table " + table.displayName(), e);
        } catch (CopyFormatException e) {
            throw new BackupException(
                    Kind.INTERNAL,
                    "exporting table " + table.displayName() + " failed: PostgreSQL's COPY output could not be read ("
                            + e.getMessage() + ")",
                    e);
        } catch (IOException e) {
            if (sink.storageFailure() != null) {
                throw BackupLocation.storageError("writing " + store.uri(key), sink.storageFailure());
            }
            if (e instanceof InterruptedIOException) {
                Thread.currentThread().interrupt();
                throw interrupted(table);
            }
            throw new BackupException(
                    Kind.INTERNAL, "compressing table " + table.displayName() + " failed: " + e.getMessage(), e);
        } finally {
            if (!committed) {
                try {
                    stopCopy(copy);
                    if (writer != null) {
                        writer.abort();
                    }
                    sink.discard();
                    Connections.closeQuietly(compressed);
                } finally {
                    stored.abort(); // even if stopping the rest failed: no temporary file or open upload is left
                }
            }
        }
    }

    static String copySql(TableSchema table) {
        String columns = table.columns().stream().map(ColumnSchema::quotedName).collect(Collectors.joining(", "));
        return "COPY (SELECT " + columns + " FROM " + table.quotedName() + ") TO STDOUT";
    }

    private static void commit(StoreOutput stored, String uri) {
        try {
            stored.close();
        } catch (IOException e) {
            throw BackupLocation.storageError("writing " + uri, e);
        }
    }

    private static TableEntry entry(TableSchema table, String file, long rows, StoredFileStream sink) {
        return new TableEntry(
                table.schema(),
                table.name(),
                file,
                rows,
                sink.bytes(),
                sink.sha256Hex(),
                List.copyOf(table.primaryKey()),
                columns(table),
                table.foreignKeys());
    }

    /** A table as a manifest will describe it, before its file exists: to check rules against it. */
    static TableEntry describe(TableSchema table) {
        return new TableEntry(
                table.schema(),
                table.name(),
                null,
                0,
                0,
                null,
                List.copyOf(table.primaryKey()),
                columns(table),
                table.foreignKeys());
    }

    private static List<ColumnEntry> columns(TableSchema table) {
        return table.columns().stream()
                .map(c -> new ColumnEntry(c.name(), c.type(), c.nullable(), c.encoding(), c.elementEncoding()))
                .toList();
    }

    static BackupException interrupted(TableSchema table) {
        return new BackupException(
                Kind.INTERNAL,
                "the export was interrupted while copying table " + table.displayName()
                        + " (the operator is stopping or the backup was cancelled)");
    }

    /**
     * Leaves the connection usable after a failure in the middle of a COPY: asks the server to
     * stop sending and reads what is already on its way, which ends with the cancel's error.
     */
    private void stopCopy(CopyOut copy) {
        if (copy == null || !copy.isActive()) {
            return;
        }
        try {
            connection.cancelQuery();
            while (copy.readFromCopy() != null) {
                // discarded: the file is being aborted
            }
        } catch (SQLException expected) {
            // the cancel ends the COPY with an error, or the connection is already gone
        }
    }
}
