package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.codec.JsonToCopyText;
import dev.accountbackup.engine.codec.JsonToCopyTextException;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Streams one backup file into a table with COPY: the stored file is hashed while it is read,
 * decompressed, and decoded row by row into COPY text. The COPY is only ended when the whole file
 * matched its manifest, so a file that changed since it was verified never gets committed.
 */
final class TableLoader {

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
     * Loads the rows of {@code plan}'s file into {@code into} (the target table or its staging table).
     *
     * @return the number of rows loaded (those of the file that {@link TableRows} keeps)
     */
    long load(TablePlan plan, String into) {
        TableEntry table = plan.entry();
        CopyInStream copy = new CopyInStream(copyManager, "COPY " + into + " (" + plan.columnList() + ") FROM STDIN");
        try (InputStream file = files.open(table);
                HashingInputStream stored = new HashingInputStream(file)) {
            InputStream rows = tableRows.of(table, files.rows(table, stored));
            long count = new JsonToCopyText(plan.decoded()).transfer(rows, copy);
            stored.drain();
            files.check(table, stored);
            long read = tableRows.rowsRead(table, count);
            if (read != table.rows()) {
                throw files.damaged(table, "it holds " + read + " rows, the manifest says " + table.rows());
            }
            copy.end();
            return count;
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
