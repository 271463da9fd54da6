package dev.accountbackup.engine.export;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.codec.CopyFormatException;
import dev.accountbackup.engine.codec.CopyTextToJson;
import dev.accountbackup.engine.masking.MaskPlan;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Streams one part of a table into the table's file: COPY text from PostgreSQL, converted to JSON
 * Lines and compressed in blocks by the calling thread, then appended to the shared file. Nothing
 * is held in memory beyond a few buffers.
 */
final class TableCopy {

    private final PGConnection connection;
    private final BlockCompressor compressor;
    private final BooleanSupplier stopped;
    private final MaskPlan masks;

    /**
     * @param compressor this reader's own compressor
     * @param stopped    tells the reader to stop between rows (another reader failed)
     * @param masks      masks the rows of a masked export before they are compressed; null for none
     */
    TableCopy(PGConnection connection, BlockCompressor compressor, BooleanSupplier stopped, MaskPlan masks) {
        this.masks = masks;
        this.connection = connection;
        this.compressor = compressor;
        this.stopped = stopped;
    }

    /** @return the number of rows copied */
    long copy(TablePart part, SharedTableFile file) {
        TableSchema table = part.table();
        BlockWriter blocks = new BlockWriter(file, compressor);
        CopyOut copy = null;
        boolean done = false;
        try {
            OutputStream rows = masks == null
                    ? blocks
                    : masks.table(table.displayName()).map(m -> m.mask(blocks)).orElse(blocks);
            CopyTextToJson converter = new CopyTextToJson(table.columns(), rows);
            copy = connection.getCopyAPI().copyOut("COPY (" + part.selectSql() + ") TO STDOUT");
            byte[] chunk;
            while ((chunk = copy.readFromCopy()) != null) {
                converter.write(chunk, 0, chunk.length);
                if (Thread.currentThread().isInterrupted() || stopped.getAsBoolean()) {
                    throw interrupted(table);
                }
            }
            converter.finish();
            blocks.finish();
            if (copy.getHandledRowCount() != converter.rows()) {
                throw new BackupException(
                        Kind.INTERNAL,
                        "exporting table " + table.displayName() + " failed: PostgreSQL reported "
                                + copy.getHandledRowCount() + " rows but " + converter.rows() + " were read");
            }
            done = true;
            return converter.rows();
        } catch (SQLException e) {
            throw SqlFailures.whileExporting("exporting table " + table.displayName(), e);
        } catch (CopyFormatException e) {
            throw new BackupException(
                    Kind.INTERNAL,
                    "exporting table " + table.displayName() + " failed: PostgreSQL's COPY output could not be read ("
                            + e.getMessage() + ")",
                    e);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw interrupted(table);
        } catch (IOException e) {
            throw file.failure(e);
        } finally {
            if (!done) {
                blocks.release();
                stopCopy(copy);
            }
        }
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
