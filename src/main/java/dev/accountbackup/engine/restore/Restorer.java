package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.RestoreErasures;
import dev.accountbackup.engine.erasure.RestoreRecords;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.masking.MaskPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores tables from a JSON Lines backup into a PostgreSQL database, in one transaction: either
 * every table is restored or the database is left exactly as it was.
 * <ul>
 * <li>The backup's files are checked against the manifest (size, SHA-256) before any row is written.</li>
 * <li>Target tables are matched by exact schema and name; columns by name. A column the target lost is
 *     skipped and reported; a new NOT NULL column without default stops the restore before it writes.</li>
 * <li>Rows are matched by primary key. {@link RestoreMode#INSERT_MISSING} adds the missing rows,
 *     {@link RestoreMode#UPSERT} also overwrites rows that differ, {@link RestoreMode#REPLACE} also
 *     deletes rows absent from the backup.</li>
 * <li>Tables are written parents first, every table's missing rows before any overwritten row; the tables are locked against other writers (and other restores)
 *     while rows change; sequences are moved past the restored keys.</li>
 * <li>Large empty tables get their indexes built after their rows are in ({@link IndexesAfterLoad}).</li>
 * <li>A dry run counts what would change and writes nothing.</li>
 * <li>Before rows are overwritten or deleted, the current content of the tables (of a restore of chosen
 *     accounts: those accounts' rows) is saved as a backup of its own in the request's safety location.</li>
 * <li>A backup that holds only some accounts (such a safety copy) restores only those accounts.</li>
 * <li>With a load parallelism above 1, a whole-table Replace into empty tables loads and indexes them on several
 *     connections at once instead, not in one transaction ({@link ParallelReplace}); a restore first puts back the
 *     tables of such a restore that was stopped ({@link InterruptedLoads}).</li>
 * </ul>
 * Holds no state between restores: one instance can serve several threads.
 */
public final class Restorer {

    private static final Logger LOG = LoggerFactory.getLogger(Restorer.class);

    /** How long a restore waits for another restore or a long transaction to release the tables. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

    /**
     * From this many backed-up rows, an empty table gets its indexes built after its rows are in
     * ({@link IndexesAfterLoad}): below it, the time saved is not worth locking readers out.
     */
    static final long INDEXES_AFTER_LOAD_FROM_ROWS = 10_000;

    private final Duration lockTimeout;
    private final long indexesAfterLoadFromRows;

    public Restorer() {
        this(DEFAULT_LOCK_TIMEOUT);
    }

    /** @param lockTimeout how long to wait for a lock on a target table before failing */
    public Restorer(Duration lockTimeout) {
        this(lockTimeout, INDEXES_AFTER_LOAD_FROM_ROWS);
    }

    Restorer(Duration lockTimeout, long indexesAfterLoadFromRows) {
        if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("lock timeout must be positive");
        }
        this.lockTimeout = lockTimeout;
        this.indexesAfterLoadFromRows = indexesAfterLoadFromRows;
    }

    /**
     * Runs a restore (or a dry run) and reports per table, in the order tables were written, what
     * was inserted, updated, deleted and left unchanged.
     *
     * @throws BackupException INVALID for a request that cannot work (unknown table, schema drift, mode
     *                         without primary key), CORRUPT for a damaged backup, DATA when the database
     *                         rejects restored rows; in every case nothing was changed
     */
    public RestoreResult restore(RestoreRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.location() == null) {
            throw BackupException.invalid("no backup location given to restore from");
        }
        if (request.target() == null) {
            throw BackupException.invalid("no target database given to restore into");
        }
        RestoreMode mode = request.mode() == null ? RestoreMode.INSERT_MISSING : request.mode();
        Manifest manifest = request.location().resolve(request.backupId());
        List<TableEntry> tables = BackupTableSelection.choose(manifest, request.tables());
        // before any connection: a ledger that cannot be read stops the restore with nothing written
        RestoreErasures.Prepared erasures = request.erasures().prepare(manifest, request.target());
        if (erasures.ignored()) {
            LOG.warn(
                    "restoring backup {} without honouring the erasure ledger, as the request says",
                    manifest.backupId());
        }
        ChosenAccounts accounts = ChosenAccounts.forRestore(request.accounts(), manifest, tables);
        if (accounts != null) {
            tables = accounts.tables();
        }
        if (accounts != null
                && request.maskedCopy() != null
                && request.maskedCopy().sample() != null) {
            throw BackupException.invalid(
                    "a restore either chooses its accounts or samples them, not both." + " Nothing was changed");
        }
        MaskPlan masks = request.maskedCopy() == null ? null : StagingRows.plan(request.maskedCopy(), tables);
        LOG.info(
                "{} {}{} table(s) of backup {} into {} (mode {})",
                request.dryRun() ? "dry run of restoring" : "restoring",
                accounts == null ? "" : accounts.describe() + " in ",
                tables.size(),
                manifest.backupId(),
                request.target().describe(),
                mode.specName());
        Connection connection = Connections.open(request.target());
        try {
            connection.setAutoCommit(false);
            if (!request.dryRun()) {
                // a parallel restore that was stopped left its tables without their constraints: put them back first
                InterruptedLoads.repairAll(connection, lockTimeout);
            }
            String notParallel = null;
            if (request.loadParallelism() > 1) {
                notParallel = ParallelReplace.unsuitable(request, mode);
                if (notParallel == null) {
                    ParallelReplace parallel =
                            new ParallelReplace(connection, request, manifest, tables, erasures, lockTimeout);
                    RestoreResult result = parallel.run();
                    if (result != null) {
                        return result;
                    }
                    notParallel = parallel.whyNot();
                }
            }
            RestoreResult result = new RestoreRun(
                            connection,
                            request,
                            mode,
                            manifest,
                            tables,
                            erasures,
                            lockTimeout,
                            indexesAfterLoadFromRows,
                            accounts,
                            masks)
                    .run();
            if (notParallel != null) {
                result = result.warning("load parallelism " + request.loadParallelism() + " was asked, but "
                        + notParallel + ": the restore ran in one transaction");
            }
            if (accounts != null) {
                // counts only: the keys never go to the log
                LOG.info(
                        "{}: {} found in backup {}, {} asked for by key not found",
                        accounts.describe(),
                        result.accounts().found(),
                        manifest.backupId(),
                        result.accounts().notFound().size());
            }
            if (request.dryRun()) {
                connection.rollback();
            } else {
                // before the commit: a restore that wrote rows always left its record for the erasure evidence
                commit(connection, RestoreRecordDraft.begin(request, mode, manifest, erasures, result));
            }
            return result;
        } catch (SQLException e) {
            rollback(connection);
            throw RestoreErrors.translate(e, null, lockTimeout);
        } catch (RuntimeException | Error e) {
            rollback(connection);
            throw e;
        } finally {
            Connections.closeQuietly(connection);
        }
    }

    /**
     * Puts back the tables of parallel restores into {@code target} that were stopped before they finished (a
     * crash): emptied, with every index and constraint they had. Any restore into the database does this first.
     *
     * @return the ids of the backups whose interrupted restores were put back; empty when there were none
     */
    public List<String> repairInterruptedLoads(DatabaseTarget target) {
        Connection connection = Connections.open(target);
        try {
            connection.setAutoCommit(false);
            return InterruptedLoads.repairAll(connection, lockTimeout);
        } catch (SQLException e) {
            throw RestoreErrors.translate(e, null, lockTimeout);
        } finally {
            Connections.closeQuietly(connection);
        }
    }

    /** Commits, and records the outcome beside the restore's record: rolled back only when the database says so. */
    private static void commit(Connection connection, RestoreRecords.Intent record) throws SQLException {
        try {
            connection.commit();
        } catch (SQLException e) {
            if (record != null && refusedByServer(e)) {
                record.rolledBack();
            }
            throw e;
        }
        if (record != null) {
            record.committed();
        }
    }

    /**
     * The server answered the commit with an error (a deferred constraint, a trigger): PostgreSQL then rolled the
     * transaction back. A lost connection, a shutdown or an internal error leaves the outcome unknown: it may have
     * committed.
     */
    private static boolean refusedByServer(SQLException e) {
        String state = e.getSQLState();
        return state != null
                && !state.startsWith("08")
                && !state.startsWith("57")
                && !state.startsWith("58")
                && !state.startsWith("XX");
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // closing the connection rolls back too; the original failure is the one to report
        }
    }
}
