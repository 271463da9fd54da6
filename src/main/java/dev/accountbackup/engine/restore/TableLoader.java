package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.codec.BinaryCopyFallback;
import dev.accountbackup.engine.codec.JsonToCopyBinary;
import dev.accountbackup.engine.codec.JsonToCopyText;
import dev.accountbackup.engine.codec.JsonToCopyTextException;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one backup file into a table with COPY: the stored file is hashed while it is read,
 * decompressed, and decoded row by row into COPY text, or for whole tables into binary COPY data. The COPY is only ended when the whole file
 * matched its manifest, so a file that changed since it was verified never gets committed.
 */
final class TableLoader {

    private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);

    /** What {@link #copy} returns when the binary format gave up. */
    private static final long FELL_BACK = -1;

    private final CopyManager copyManager;
    private final BackupFiles files;
    private final Duration lockTimeout;
    private final TableRows tableRows;

    /** Loads every row of each file. */
    TableLoader(Connection connection, BackupFiles files, Duration lockTimeout) throws SQLException {
        this(connection, files, lockTimeout, TableRows.all());
    }

    /** @param tableRows which of each file's rows are loaded */
    TableLoader(Connection connection, BackupFiles files, Duration lockTimeout, TableRows tableRows)
            throws SQLException {
        this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
        this.files = files;
        this.lockTimeout = lockTimeout;
        this.tableRows = tableRows;
    }

    /**
     * Loads the rows of {@code plan}'s file into {@code into} (the target table or its staging table) in COPY text.
     *
     * @return the number of rows loaded (those of the file that {@link TableRows} keeps)
     */
    long load(TablePlan plan, String into) {
        long count = copy(plan, into, "", new JsonToCopyText(plan.decoded())::transfer);
        if (count == FELL_BACK) {
            throw new IllegalStateException("the text format never falls back");
        }
        return count;
    }

    /**
     * Loads every row of {@code plan}'s file into the table {@code into}, in PostgreSQL's binary COPY format when every
     * column's type allows it, which the server reads with less work. A value the binary format cannot carry exactly
     * makes the load start again in text format, once {@code restart} has undone what the binary COPY wrote.
     *
     * @return the number of rows loaded
     */
    long loadWhole(TablePlan plan, String into, Restart restart) {
        List<Long> typeOids =
                plan.restored().stream().map(ColumnSchema::typeOid).toList();
        String textOnly = JsonToCopyBinary.textOnlyColumn(plan.decoded(), typeOids);
        if (textOnly != null || !tableRows.keepsEveryRow()) {
            // rows that pass through filters cannot be read a second time: their filters count what they saw
            LOG.debug(
                    "table {} is loaded in COPY text: {}",
                    plan.displayName(),
                    textOnly != null ? "the type of column " + textOnly + " keeps it" : "its rows are filtered");
            return load(plan, into);
        }
        try {
            restart.mark();
            long count = copy(plan, into, " (FORMAT binary)", new JsonToCopyBinary(plan.decoded(), typeOids)::transfer);
            if (count != FELL_BACK) {
                restart.keep();
                LOG.info("table {}: {} rows loaded in binary COPY format", plan.displayName(), count);
                return count;
            }
            restart.undo();
        } catch (SQLException e) {
            throw RestoreErrors.translate(e, plan, lockTimeout);
        }
        return load(plan, into);
    }

    /**
     * Streams the file through {@code transfer} into a COPY of the given format.
     *
     * @return the number of rows, or {@link #FELL_BACK} when the binary format gave up (the COPY is cancelled)
     */
    private long copy(TablePlan plan, String into, String options, Transfer transfer) {
        TableEntry table = plan.entry();
        CopyInStream copy =
                new CopyInStream(copyManager, "COPY " + into + " (" + plan.columnList() + ") FROM STDIN" + options);
        try (InputStream file = files.open(table);
                HashingInputStream stored = new HashingInputStream(file)) {
            InputStream rows = tableRows.of(table, files.rows(table, stored));
            long count = transfer.transfer(rows, copy);
            stored.drain();
            files.check(table, stored);
            long read = tableRows.rowsRead(table, count);
            if (read != table.rows()) {
                throw files.damaged(table, "it holds " + read + " rows, the manifest says " + table.rows());
            }
            copy.end();
            return count;
        } catch (BinaryCopyFallback e) {
            LOG.info("table {}: {}; loading it in COPY text instead", plan.displayName(), e.getMessage());
            return FELL_BACK;
        } catch (JsonToCopyTextException e) {
            if (e.tooLarge()) {
                throw new BackupException(
                        Kind.INVALID,
                        "backup file of table " + table.displayName() + " (" + files.uri(table)
                                + ") cannot be restored: " + e.getMessage() + ". Nothing was changed",
                        e);
            }
            throw new BackupException(
                    Kind.CORRUPT,
                    "backup file of table " + table.displayName() + " (" + files.uri(table) + ") cannot be read: "
                            + e.getMessage() + ". Nothing was changed",
                    e);
        } catch (SQLException e) {
            throw RestoreErrors.translate(e, plan, lockTimeout);
        } catch (IOException e) {
            SQLException database = RestoreErrors.sqlCause(e);
            if (database != null) {
                throw RestoreErrors.translate(database, plan, lockTimeout);
            }
            throw files.readFailure(table, e);
        } finally {
            copy.cancel();
        }
    }

    /** Undoes what a binary COPY wrote, so that the table can be loaded again in text format. */
    interface Restart {

        /** Before the binary COPY starts. */
        default void mark() throws SQLException {}

        /** The binary COPY gave up: what it wrote must go (its COPY is cancelled, which fails the transaction). */
        void undo() throws SQLException;

        /** The binary COPY succeeded. */
        default void keep() throws SQLException {}

        /** Around the COPY, a savepoint, for a load inside a transaction that holds other work. */
        static Restart savepoint(Connection connection) {
            return new Restart() {
                private Savepoint savepoint;

                @Override
                public void mark() throws SQLException {
                    savepoint = connection.setSavepoint();
                }

                @Override
                public void undo() throws SQLException {
                    connection.rollback(savepoint);
                }

                @Override
                public void keep() throws SQLException {
                    connection.releaseSavepoint(savepoint);
                }
            };
        }
    }

    /** Rows of a JSON Lines file into COPY data. */
    private interface Transfer {
        long transfer(InputStream jsonLines, OutputStream copy) throws IOException;
    }

    /**
     * COPY data straight to the connection: the decoder already sends it in large chunks. The COPY
     * starts with the first row, so a file none of whose rows are kept (one account's restore) costs
     * the database nothing.
     */
    private static final class CopyInStream extends OutputStream {

        private final CopyManager copyManager;
        private final String sql;
        private CopyIn copy;

        CopyInStream(CopyManager copyManager, String sql) {
            this.copyManager = copyManager;
            this.sql = sql;
        }

        /** Ends the COPY, if rows were sent. */
        void end() throws SQLException {
            if (copy != null) {
                copy.endCopy();
                copy = null;
            }
        }

        /** Cancels a COPY that was not ended. */
        void cancel() {
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the first failure is the one reported; the transaction is rolled back anyway
                }
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            try {
                if (copy == null) {
                    copy = copyManager.copyIn(sql);
                }
                copy.writeToCopy(b, off, len);
            } catch (SQLException e) {
                throw new IOException("sending rows to the database failed", e);
            }
        }
    }
}
