package dev.accountbackup.engine.export;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.crypto.FileCipher;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.masking.MaskPlan;
import dev.accountbackup.engine.storage.BackupLocation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the parts of an export on several connections at once, one thread per connection, each
 * taking the next part in turn. A table's file is opened by the first part of it that starts and
 * committed by whichever reader finishes its last part. The calling thread is the first reader;
 * the first failure stops every reader, drops every file not yet committed and is thrown.
 */
final class ExportReaders {

    private static final Logger LOG = LoggerFactory.getLogger(ExportReaders.class);

    /** One table's file and what is left to write into it. */
    private static final class TableProgress {
        SharedTableFile file;
        int partsLeft;
        long rows;
        long startNanos;
    }

    private final List<TablePart> parts;
    private final BackupLocation location;
    private final String backupId;
    private final Compression compression;
    private final ObjectLock objectLock;
    private final FileCipher cipher;
    private final TableProgress[] tables;
    private final TableEntry[] entries;

    /** The readers other than the calling thread. */
    private final List<Thread> helpers = new ArrayList<>();

    /** The masks of a masked export; null for none. */
    private final MaskPlan masks;

    private int nextPart;
    private volatile BackupException failure;

    /** @param cipher the backup's file cipher, or null; @param objectLock the backup's Object Lock, or null */
    ExportReaders(
            List<TableSchema> tables,
            List<TablePart> parts,
            BackupLocation location,
            String backupId,
            Compression compression,
            ObjectLock objectLock,
            FileCipher cipher,
            MaskPlan masks) {
        this.masks = masks;
        this.parts = parts;
        this.location = location;
        this.backupId = backupId;
        this.compression = compression;
        this.objectLock = objectLock;
        this.cipher = cipher;
        this.tables = new TableProgress[tables.size()];
        this.entries = new TableEntry[tables.size()];
        for (int i = 0; i < tables.size(); i++) {
            this.tables[i] = new TableProgress();
        }
        for (TablePart part : parts) {
            this.tables[part.tableIndex()].partsLeft++;
        }
    }

    /**
     * Reads every part, on {@code connections} (all in the same snapshot), the first of them in the
     * calling thread.
     *
     * @return the entries of the tables, in backup order
     */
    List<TableEntry> run(List<Connection> connections) {
        List<PGConnection> pg = new ArrayList<>();
        for (Connection c : connections) {
            pg.add(unwrap(c));
        }
        for (int i = 1; i < pg.size(); i++) {
            PGConnection connection = pg.get(i);
            Thread t = new Thread(() -> read(connection, pg), "export " + backupId + " reader " + (i + 1));
            t.setDaemon(true);
            helpers.add(t);
        }
        helpers.forEach(Thread::start); // all listed first: a failing reader goes through the list
        try {
            read(pg.get(0), pg);
        } finally {
            joinAll(pg);
            if (failure != null) {
                abortOpenFiles();
            }
        }
        if (failure != null) {
            throw failure;
        }
        return List.of(entries);
    }

    /** One reader: takes parts until none is left or another reader failed. */
    private void read(PGConnection connection, List<PGConnection> all) {
        try (BlockCompressor compressor = BlockCompressor.of(compression)) {
            TableCopy copy = new TableCopy(connection, compressor, () -> failure != null, masks);
            TablePart part;
            while (failure == null && (part = next()) != null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw TableCopy.interrupted(part.table());
                }
                SharedTableFile file = open(part);
                long rows = copy.copy(part, file);
                finished(part, rows);
            }
        } catch (BackupException e) {
            fail(e, all);
        } catch (RuntimeException | Error e) {
            fail(
                    new BackupException(
                            Kind.INTERNAL, "exporting backup " + backupId + " failed unexpectedly: " + e, e),
                    all);
        }
    }

    private synchronized TablePart next() {
        return nextPart < parts.size() ? parts.get(nextPart++) : null;
    }

    private SharedTableFile open(TablePart part) {
        TableProgress progress = tables[part.tableIndex()];
        synchronized (progress) {
            if (progress.file == null) {
                progress.startNanos = System.nanoTime();
                progress.file = SharedTableFile.create(
                        part.table(),
                        location,
                        backupId,
                        TableFiles.fileName(part.tableIndex(), part.table(), compression),
                        compression,
                        objectLock,
                        cipher);
            }
            return progress.file;
        }
    }

    /** Counts a part done; the reader of a table's last part commits its file. */
    private void finished(TablePart part, long rows) {
        TableProgress progress = tables[part.tableIndex()];
        long tableRows;
        synchronized (progress) {
            progress.rows += rows;
            if (--progress.partsLeft > 0) {
                return;
            }
            tableRows = progress.rows;
        }
        TableEntry entry = progress.file.commit(tableRows);
        synchronized (progress) {
            progress.file = null;
        }
        entries[part.tableIndex()] = entry;
        LOG.info(
                "backup {}: table {} exported, {} rows, {} bytes stored, in {} ms",
                backupId,
                part.table().displayName(),
                entry.rows(),
                entry.bytes(),
                (System.nanoTime() - progress.startNanos) / 1_000_000);
    }

    /**
     * Keeps the first failure and stops the other readers: those waiting for rows by cancelling
     * their query, those waiting for storage or for a file by interrupting them.
     */
    private void fail(BackupException e, List<PGConnection> all) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = e;
        }
        for (PGConnection c : all) {
            try {
                c.cancelQuery();
            } catch (SQLException ignored) {
                // the connection is gone already: its reader stops on that
            }
        }
        for (Thread helper : helpers) {
            if (helper != Thread.currentThread()) {
                helper.interrupt();
            }
        }
    }

    private void joinAll(List<PGConnection> all) {
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    fail(
                            new BackupException(
                                    Kind.INTERNAL,
                                    "the export was interrupted (the operator is stopping or the backup was cancelled)"),
                            all);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void abortOpenFiles() {
        for (TableProgress progress : tables) {
            SharedTableFile file;
            synchronized (progress) {
                file = progress.file;
                progress.file = null;
            }
            if (file != null) {
                file.abort();
            }
        }
    }

    private static PGConnection unwrap(Connection connection) {
        try {
            return connection.unwrap(PGConnection.class);
        } catch (SQLException e) {
            throw new BackupException(Kind.INTERNAL, "the export needs a PostgreSQL JDBC connection", e);
        }
    }
}
