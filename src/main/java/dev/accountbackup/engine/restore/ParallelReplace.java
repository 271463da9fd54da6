package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.erasure.ErasureFilter;
import dev.accountbackup.engine.erasure.RestoreErasures;
import dev.accountbackup.engine.erasure.RestoreRecords;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.restore.IndexesAfterLoad.Deferred;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole-table Replace into empty tables on several connections at once, the way {@code pg_restore -j}
 * fills a new database; chosen by the user ({@code loadParallelism} above 1), because it is not one
 * transaction:
 * <ol>
 * <li>one short transaction locks the tables, checks they are all empty (else nothing changes and the
 *     restore runs in one transaction instead), records how to put them back ({@link InterruptedLoads}),
 *     drops their indexes, keys and the foreign keys between them ({@link IndexesAfterLoad}'s rules) and keeps
 *     autovacuum off them until the end ({@link AutovacuumPause});</li>
 * <li>the tables are loaded on the connections at once, largest first, each in its own transaction, through
 *     the same rows as the one-transaction restore (erasures withheld); each file is checked against the
 *     manifest as it loads, not read once before as the one-transaction restore does, since a damaged file
 *     only means the tables are put back empty;</li>
 * <li>the indexes and keys are built on the connections at once, largest table first; the foreign keys are
 *     added NOT VALID, then validated on the connections at once; sequences move on, autovacuum is back;</li>
 * <li>any failure puts the tables back as they were (empty, every definition recreated) before it is
 *     reported; a crash leaves the record, which the next restore runs first.</li>
 * </ol>
 */
final class ParallelReplace {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelReplace.class);

    /** Whether tables outside the set have foreign keys onto it: then its rows go with DELETE, not TRUNCATE. */
    private static final String REFERENCED_FROM_OUTSIDE = """
            WITH loaded AS (SELECT unnest(?::oid[]) AS oid)
            SELECT 1 FROM pg_constraint f
            WHERE f.contype = 'f' AND f.confrelid IN (SELECT oid FROM loaded) AND f.conrelid NOT IN (SELECT oid FROM loaded)
            LIMIT 1""";

    private final Connection connection;
    private final RestoreRequest request;
    private final Manifest manifest;
    private final List<TableEntry> tables;
    private final RestoreErasures.Prepared erasures;
    private final Duration lockTimeout;
    private final TableLocksAndSequences targets;
    /** Foreign keys between the tables: loaded in parallel, the tables must lose them all until the rows are in. */
    private static final String FOREIGN_KEYS_BETWEEN = """
            WITH loaded AS (SELECT unnest(?::oid[]) AS oid)
            SELECT count(*) FROM pg_constraint f
            WHERE f.contype = 'f' AND f.conrelid IN (SELECT oid FROM loaded) AND f.confrelid IN (SELECT oid FROM loaded)""";

    private String whyNot;

    /** @param connection the restore's own connection, not in auto-commit mode */
    ParallelReplace(
            Connection connection,
            RestoreRequest request,
            Manifest manifest,
            List<TableEntry> tables,
            RestoreErasures.Prepared erasures,
            Duration lockTimeout) {
        this.connection = connection;
        this.request = request;
        this.manifest = manifest;
        this.tables = tables;
        this.erasures = erasures;
        this.lockTimeout = lockTimeout;
        this.targets = new TableLocksAndSequences(connection, lockTimeout);
    }

    /** Why {@code request} is restored in one transaction although it asked for a parallel load; null if it may load in parallel. */
    static String unsuitable(RestoreRequest request, RestoreMode mode) {
        if (mode != RestoreMode.REPLACE) {
            return "only mode Replace into empty tables loads in parallel";
        }
        if (request.dryRun()) {
            return "a dry run loads nothing";
        }
        if (request.accounts() != null) {
            return "a restore of chosen accounts changes their rows, not whole tables";
        }
        if (request.maskedCopy() != null) {
            return "a masked copy or sample loads in one transaction";
        }
        return null;
    }

    /**
     * Restores; or returns null, having changed nothing, when the tables cannot be loaded in parallel ({@link
     * #whyNot} says why): a table holds rows, or a foreign key between them cannot be dropped.
     */
    RestoreResult run() throws SQLException {
        Dropped dropped = drop();
        return dropped == null ? null : loadAndRebuild(dropped);
    }

    /** The tables of a parallel restore once their definitions were dropped: what the rest needs. */
    record Dropped(
            InterruptedLoads.Claim claim,
            List<TablePlan> plans,
            BackupFiles files,
            List<Deferred> deferred,
            AutovacuumPause autovacuum,
            List<String> warnings) {}

    /**
     * The first step, committed when it returns: the tables are planned and checked, the backup's key opened, the
     * way back recorded, the definitions dropped and autovacuum paused. Null, with nothing changed, when the tables cannot be
     * loaded in parallel.
     */
    Dropped drop() throws SQLException {
        targets.limitLockWaits();
        RestorePlanner planner = new RestorePlanner(new TableResolver(connection), RestoreMode.REPLACE);
        List<TablePlan> plans = ApplyOrder.of(planner.plan(tables)).tables();
        BackupFiles files = new BackupFiles(request.location(), manifest);
        InterruptedLoads.Claim claim = InterruptedLoads.claim(connection);
        List<Deferred> deferred;
        AutovacuumPause autovacuum;
        List<String> warnings = new ArrayList<>(planner.warnings());
        try {
            autovacuum = AutovacuumPause.of(connection, plans);
            deferred = dropDefinitions(plans, claim, autovacuum, warnings);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            InterruptedLoads.release(connection, claim);
            throw e;
        }
        if (deferred == null) {
            connection.rollback();
            InterruptedLoads.release(connection, claim);
            return null;
        }
        return new Dropped(claim, plans, files, deferred, autovacuum, warnings);
    }

    /** The rest, from the loads on: any failure puts the tables back before it is reported. */
    RestoreResult loadAndRebuild(Dropped dropped) {
        InterruptedLoads.Claim claim = dropped.claim();
        List<TablePlan> plans = dropped.plans();
        List<Deferred> deferred = dropped.deferred();
        int connections = request.loadParallelism();
        RestoreRecords.Intent record = null;
        try (ParallelConnections pool = new ParallelConnections(request.target(), connections, lockTimeout)) {
            long start = System.nanoTime();
            Map<TablePlan, Long> loaded = loadAndIndex(plans, dropped.files(), deferred, pool);
            long loadedAt = System.nanoTime();
            rebuild(deferred, pool);
            finishTables(plans, loaded, dropped.autovacuum());
            LOG.info(
                    "loaded and indexed {} tables on {} connections in {} ms, made keys and foreign keys of {} definitions in {} ms",
                    plans.size(),
                    connections,
                    (loadedAt - start) / 1_000_000,
                    deferred.size(),
                    (System.nanoTime() - loadedAt) / 1_000_000);
            RestoreResult result = result(plans, loaded, dropped.warnings(), connections);
            record = RestoreRecordDraft.begin(request, RestoreMode.REPLACE, manifest, erasures, result);
            InterruptedLoads.finish(connection, claim);
            if (record != null) {
                record.committed();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            throw putBack(claim, e, record);
        }
    }

    /** Why the tables were not loaded in parallel, when {@link #run} returned null. */
    String whyNot() {
        return whyNot;
    }

    /**
     * The short first transaction: lock, check that every table is empty, record the way back, drop, pause
     * autovacuum. Returns
     * the dropped definitions, or null when the tables cannot be loaded in parallel.
     */
    private List<Deferred> dropDefinitions(
            List<TablePlan> plans, InterruptedLoads.Claim claim, AutovacuumPause autovacuum, List<String> warnings)
            throws SQLException {
        targets.lock(plans);
        targets.checkUnchanged(new TableResolver(connection), plans);
        for (TablePlan plan : plans) {
            if (!RestoreErrors.call(plan, lockTimeout, () -> targets.isEmpty(plan))) {
                whyNot = "table " + plan.displayName() + " is not empty (a parallel load only fills empty tables)";
                return null;
            }
        }
        List<Deferred> deferred = IndexesAfterLoad.rebuildable(connection, plans);
        long between = CatalogQuery.rows(
                        connection,
                        FOREIGN_KEYS_BETWEEN,
                        CatalogQuery.byOid(plans).keySet(),
                        rs -> rs.getLong(1))
                .get(0);
        if (between > deferred.stream().filter(Deferred::foreignKey).count()) {
            // a table that keeps a foreign key onto another could be loaded before the rows it references
            whyNot = "some foreign keys between the tables cannot be dropped while the rows go in (a table not owned"
                    + " by the database user, partitioned, clustered, or a foreign key NOT VALID)";
            return null;
        }
        if (!request.disableTriggers()) {
            warnings.addAll(UserTriggers.of(connection, plans, lockTimeout).warnings());
        }
        InterruptedLoads.record(connection, claim, manifest.backupId(), wayBack(plans, deferred, autovacuum));
        for (Deferred d : deferred) {
            RestoreErrors.call(d.table(), lockTimeout, () -> {
                for (String sql : d.drop()) {
                    Connections.execute(connection, sql);
                }
                return null;
            });
        }
        autovacuum.pause(connection);
        connection.commit();
        LOG.info(
                "loading {} on {} connections, not in one transaction: {} indexes and keys dropped until the rows are in",
                plans.stream().map(TablePlan::displayName).collect(Collectors.joining(", ")),
                request.loadParallelism(),
                deferred.size());
        return deferred;
    }

    /** The statements that make the tables empty again with every definition they had, whatever step was reached. */
    private List<String> wayBack(List<TablePlan> plans, List<Deferred> deferred, AutovacuumPause autovacuum)
            throws SQLException {
        String names = plans.stream().map(p -> p.target().quotedName()).collect(Collectors.joining(", "));
        List<String> statements = new ArrayList<>();
        statements.add("LOCK TABLE " + names + " IN ACCESS EXCLUSIVE MODE");
        deferred.forEach(d -> statements.addAll(d.drop()));
        if (CatalogQuery.rows(
                        connection,
                        REFERENCED_FROM_OUTSIDE,
                        CatalogQuery.byOid(plans).keySet(),
                        rs -> 1)
                .isEmpty()) {
            statements.add("TRUNCATE " + names);
        } else {
            for (int i = plans.size() - 1; i >= 0; i--) {
                statements.add("DELETE FROM " + plans.get(i).target().quotedName());
            }
        }
        for (boolean foreignKeys : new boolean[] {false, true}) {
            deferred.stream().filter(d -> d.foreignKey() == foreignKeys).forEach(d -> statements.addAll(d.create()));
        }
        statements.addAll(autovacuum.resumeStatements());
        return statements;
    }

    /**
     * Loads every table, largest first, each one's indexes built as soon as its rows are in (while other tables
     * still load, as pg_restore -j schedules them). Tables from which erased accounts' rows are withheld are loaded one after
     * the other, parents first, on one connection: the filter learns an account's rows from its parents' files.
     */
    private Map<TablePlan, Long> loadAndIndex(
            List<TablePlan> plans, BackupFiles files, List<Deferred> deferred, ParallelConnections pool) {
        Map<TablePlan, Long> loaded = new ConcurrentHashMap<>();
        ErasureFilter filter = erasures.filter();
        AccountRows.RowsOpener opener = t -> files.rows(t, files.open(t));
        TableRows withholding = TableRows.all().withholding(filter, opener);
        List<TablePlan> filtered = plans.stream()
                .filter(p -> filter != null && filter.withholdsFrom(p.entry()))
                .toList();
        List<List<TablePlan>> groups = new ArrayList<>();
        if (!filtered.isEmpty()) {
            groups.add(filtered);
        }
        plans.stream().filter(p -> !filtered.contains(p)).forEach(p -> groups.add(List.of(p)));
        groups.sort(Comparator.comparingLong(ParallelReplace::rows).reversed());
        List<ParallelConnections.Work> work = new ArrayList<>();
        for (List<TablePlan> group : groups) {
            TableRows rows = group == filtered ? withholding : TableRows.all();
            work.add((c, then) -> {
                for (TablePlan plan : group) {
                    loaded.put(plan, load(c, plan, files, rows));
                    indexes(plan, deferred).forEach(then);
                }
            });
        }
        pool.runAll(work);
        return loaded;
    }

    /**
     * One table in its own transaction, which holds off other writers (not readers) while it loads. A load that has to
     * start again in text format rolls the transaction back and begins it anew.
     */
    private long load(Connection c, TablePlan plan, BackupFiles files, TableRows rows) throws SQLException {
        UserTriggers[] triggers = {beginLoad(c, plan)};
        long count = new TableLoader(c, files, lockTimeout, rows)
                .loadWhole(plan, plan.target().quotedName(), () -> {
                    c.rollback();
                    triggers[0] = beginLoad(c, plan);
                });
        if (triggers[0] != null) {
            triggers[0].enable();
        }
        c.commit();
        return count;
    }

    /**
     * Begins a table's load: locks it against other writers and, when asked, turns off its triggers (read under the
     * lock); returns them, to be turned on again before the commit, or null.
     */
    private UserTriggers beginLoad(Connection c, TablePlan plan) throws SQLException {
        new TableLocksAndSequences(c, lockTimeout).limitLockWaits();
        Connections.execute(c, "LOCK TABLE " + plan.target().quotedName() + " IN EXCLUSIVE MODE");
        UserTriggers triggers = request.disableTriggers() ? UserTriggers.of(c, List.of(plan), lockTimeout) : null;
        if (triggers != null) {
            triggers.disable();
        }
        return triggers;
    }

    /**
     * Once every index is built ({@link #loadAndIndex}): in one short transaction, what needs a table to itself (keys
     * made of the indexes, exclusion constraints) and the foreign keys added NOT VALID; then the foreign keys
     * validated on the connections at once, a table's on one connection.
     */
    private void rebuild(List<Deferred> deferred, ParallelConnections pool) throws SQLException {
        targets.limitLockWaits();
        Connections.execute(connection, IndexesAfterLoad.REBUILD_MEMORY);
        for (Deferred d : deferred) {
            List<String> statements = d.foreignKey() ? d.createNotValid() : d.attach();
            RestoreErrors.call(d.table(), lockTimeout, () -> {
                for (String sql : statements) {
                    Connections.execute(connection, sql);
                }
                return null;
            });
        }
        connection.commit();
        // validating takes a lock that two validations of one table cannot share: one connection per table
        Map<TablePlan, List<List<String>>> byTable = deferred.stream()
                .filter(Deferred::foreignKey)
                .collect(Collectors.groupingBy(
                        Deferred::table, Collectors.mapping(d -> List.of(d.validate()), Collectors.toList())));
        pool.runAll(byTable.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<TablePlan, List<List<String>>> e) ->
                                e.getKey().entry().rows())
                        .reversed())
                .map(e -> rebuildStep(e.getKey(), e.getValue()))
                .toList());
    }

    /** The index builds of {@code table}: each only keeps writers out, so several build on one table at once. */
    private List<ParallelConnections.Work> indexes(TablePlan table, List<Deferred> deferred) {
        return deferred.stream()
                .filter(d -> d.table() == table && !d.foreignKey() && !d.build().isEmpty())
                .map(d -> rebuildStep(table, List.of(d.build())))
                .toList();
    }

    /** Each list of statements in a transaction of its own, with the memory of a bulk load's index builds. */
    private ParallelConnections.Work rebuildStep(TablePlan table, List<List<String>> transactions) {
        return (c, then) -> {
            for (List<String> statements : transactions) {
                new TableLocksAndSequences(c, lockTimeout).limitLockWaits();
                Connections.execute(c, IndexesAfterLoad.REBUILD_MEMORY);
                RestoreErrors.call(table, lockTimeout, () -> {
                    for (String sql : statements) {
                        Connections.execute(c, sql);
                    }
                    return null;
                });
                c.commit();
            }
        };
    }

    /** The last transaction on the tables: sequences move past the restored keys, and autovacuum comes back. */
    private void finishTables(List<TablePlan> plans, Map<TablePlan, Long> loaded, AutovacuumPause autovacuum)
            throws SQLException {
        targets.limitLockWaits();
        for (TablePlan plan : plans) {
            if (loaded.getOrDefault(plan, 0L) > 0) {
                RestoreErrors.call(plan, lockTimeout, () -> {
                    targets.advanceSequences(plan);
                    return null;
                });
            }
        }
        autovacuum.resume(connection);
        connection.commit();
    }

    /**
     * Puts the tables back after a failure the process survived, then tells what happened: the failure, and that
     * the tables are as they were, or how to finish putting them back.
     */
    private RuntimeException putBack(InterruptedLoads.Claim claim, Exception failure, RestoreRecords.Intent record) {
        BackupException reported = failure instanceof BackupException b
                ? b
                : failure instanceof SQLException sql
                        ? RestoreErrors.translate(sql, null, lockTimeout)
                        : new BackupException(Kind.INTERNAL, "the parallel restore failed: " + failure, failure);
        rollback();
        String outcome;
        try {
            InterruptedLoads.repair(connection, claim, lockTimeout);
            InterruptedLoads.release(connection, claim);
            if (record != null) {
                record.rolledBack();
            }
            outcome = "; the tables were put back as they were (empty, every index and constraint in place)";
        } catch (SQLException e) {
            rollback();
            outcome = "; then " + InterruptedLoads.repairFailed(e).getMessage();
        } catch (RuntimeException e) {
            rollback();
            outcome = "; then putting the tables back failed too (" + e.getMessage()
                    + "): the next restore into this database, or the command 'repair', puts them back";
        }
        return new BackupException(reported.kind(), reported.getMessage() + outcome, failure);
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the failure to report is the one that stopped the restore
        }
    }

    private RestoreResult result(
            List<TablePlan> plans, Map<TablePlan, Long> loaded, List<String> warnings, int connections) {
        List<TableRestoreResult> results = new ArrayList<>();
        for (TablePlan plan : plans) {
            results.add(new TableRestoreResult(
                    plan.displayName(), loaded.getOrDefault(plan, 0L), 0, 0, 0, plan.skippedColumns()));
        }
        return new RestoreResult(
                manifest.backupId(),
                false,
                List.copyOf(results),
                null,
                List.copyOf(warnings),
                null,
                erasures.applied(),
                List.of(),
                0,
                connections);
    }

    private static long rows(List<TablePlan> group) {
        return group.stream().mapToLong(p -> p.entry().rows()).sum();
    }
}
