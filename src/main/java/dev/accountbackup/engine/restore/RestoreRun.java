package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.masking.MaskPlan;
import dev.accountbackup.engine.restore.TableChanges.Counts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one restore inside its transaction: plan, verify, stage, lock, count, take the
 * safety copy, apply. The caller commits, or rolls back for a dry run or a failure.
 */
final class RestoreRun {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreRun.class);

    /** Staged backup rows of one table. */
    private record Staged(TableChanges changes, long rows) {}

    private final Connection connection;
    private final RestoreRequest request;
    private final RestoreMode mode;
    private final Manifest manifest;
    private final List<TableEntry> tables;
    private final Duration lockTimeout;
    private final TableLocksAndSequences targets;
    private final long indexesAfterLoadFromRows;
    /** The checked masking rules of a masked copy; null when nothing is masked. */
    private final MaskPlan masks;

    private StagingRows staging;

    /**
     * @param masks the masking rules, checked against the manifest; null when nothing is masked
     * @param indexesAfterLoadFromRows the number of backed-up rows from which an empty table gets its indexes built after loading */
    RestoreRun(
            Connection connection,
            RestoreRequest request,
            RestoreMode mode,
            Manifest manifest,
            List<TableEntry> tables,
            Duration lockTimeout,
            long indexesAfterLoadFromRows,
            MaskPlan masks) {
        this.connection = connection;
        this.request = request;
        this.mode = mode;
        this.manifest = manifest;
        this.tables = tables;
        this.lockTimeout = lockTimeout;
        this.targets = new TableLocksAndSequences(connection, lockTimeout);
        this.indexesAfterLoadFromRows = indexesAfterLoadFromRows;
        this.masks = masks;
    }

    RestoreResult run() throws SQLException {
        targets.limitLockWaits();
        TableResolver resolver = new TableResolver(connection);
        RestorePlanner planner = new RestorePlanner(resolver, mode);
        ApplyOrder order = ApplyOrder.of(planner.plan(tables));
        List<TablePlan> plans = order.tables();

        BackupFiles files = new BackupFiles(request.location(), manifest);
        files.verify(tables);
        if (request.maskedCopy() != null) {
            staging = StagingRows.of(request.maskedCopy(), masks, manifest, tables, files);
        }
        TableLoader loader = new TableLoader(connection, files, lockTimeout, staging);

        // Staging happens before the lock, so that other writers are blocked only while rows change.
        Map<TablePlan, Staged> staged = new HashMap<>();
        for (TablePlan plan : plans) {
            if (request.dryRun() || !isEmpty(plan)) {
                staged.put(plan, stage(plan, loader, staged.size() + 1));
            }
        }
        if (!request.dryRun()) {
            targets.lock(plans);
            targets.checkUnchanged(resolver, plans);
            for (TablePlan plan : plans) {
                if (!staged.containsKey(plan) && !isEmpty(plan)) {
                    staged.put(plan, stage(plan, loader, staged.size() + 1)); // rows arrived before the lock
                }
            }
        }

        UserTriggers triggers = userTriggers(plans);
        Map<TablePlan, Counts> predicted = new HashMap<>();
        if (request.dryRun() || (mode != RestoreMode.INSERT_MISSING && request.safetyLocation() != null)) {
            for (TablePlan plan : plans) {
                Staged s = staged.get(plan);
                predicted.put(plan, s == null ? new Counts(0, 0, 0, 0) : count(plan, s));
            }
        }
        if (request.dryRun()) {
            return result(plans, predicted, null, warnings(planner, plans, predicted, triggers));
        }
        String safetyBackupId = null;
        if (request.safetyLocation() != null
                && predicted.values().stream().anyMatch(c -> c.updated() > 0 || c.deleted() > 0)) {
            safetyBackupId = new SafetyCopy(
                            connection, request.target(), request.safetyLocation(), request.safetyLabels())
                    .take(plans);
        }
        if (request.disableTriggers()) {
            triggers.disable();
        }
        Map<TablePlan, Counts> applied = apply(order, staged, loader);
        if (request.disableTriggers()) {
            triggers.enable();
        }
        if (staging != null) {
            onDatabase(null, () -> {
                MaskedRestoreMarker.write(connection, manifest.backupId(), describeMasks(), staging.sampledAccounts());
                return null;
            });
        }
        return result(plans, applied, safetyBackupId, warnings(planner, plans, applied, triggers));
    }

    private UserTriggers userTriggers(List<TablePlan> plans) {
        return onDatabase(null, () -> UserTriggers.of(connection, plans, lockTimeout));
    }

    private List<String> warnings(
            RestorePlanner planner, List<TablePlan> plans, Map<TablePlan, Counts> counts, UserTriggers triggers) {
        List<String> warnings = new ArrayList<>(planner.warnings());
        if (!request.disableTriggers()) {
            warnings.addAll(triggers.warnings());
        }
        for (TablePlan plan : plans) {
            if (counts.get(plan).deleted() > 0) {
                warnings.addAll(onDatabase(plan, () -> targets.effectsOutside(plan, plans)));
            }
        }
        return List.copyOf(warnings);
    }

    private Map<TablePlan, Counts> apply(ApplyOrder order, Map<TablePlan, Staged> staged, TableLoader loader)
            throws SQLException {
        if (order.cyclic()) {
            targets.deferConstraints();
        }
        Map<TablePlan, Long> deleted = new HashMap<>();
        if (mode == RestoreMode.REPLACE) {
            List<TablePlan> childrenFirst = new ArrayList<>(order.tables());
            Collections.reverse(childrenFirst);
            for (TablePlan plan : childrenFirst) {
                Staged s = staged.get(plan);
                if (s != null) {
                    deleted.put(plan, onDatabase(plan, () -> s.changes().deleteAbsent()));
                }
            }
        }
        List<TablePlan> emptyAndLarge = order.tables().stream()
                .filter(plan -> !staged.containsKey(plan) && plan.entry().rows() >= indexesAfterLoadFromRows)
                .toList();
        IndexesAfterLoad indexes = IndexesAfterLoad.drop(connection, emptyAndLarge, targets, lockTimeout);
        Map<TablePlan, Counts> applied = new HashMap<>();
        for (TablePlan plan : order.tables()) {
            Staged s = staged.get(plan);
            long deletedRows = deleted.getOrDefault(plan, 0L);
            applied.put(plan, onDatabase(plan, () -> applyTable(plan, s, deletedRows, loader)));
        }
        indexes.rebuild();
        for (TablePlan plan : order.tables()) {
            Counts counts = applied.get(plan);
            if (counts.inserted() + counts.updated() > 0) {
                onDatabase(plan, () -> {
                    targets.advanceSequences(plan);
                    return null;
                });
            }
            LOG.info(
                    "restored table {}: {} inserted, {} updated, {} deleted, {} unchanged",
                    plan.displayName(),
                    counts.inserted(),
                    counts.updated(),
                    counts.deleted(),
                    counts.unchanged());
        }
        return applied;
    }

    /** Writes one table: straight in with COPY when it was empty, else from its stage. */
    private Counts applyTable(TablePlan plan, Staged s, long deletedRows, TableLoader loader) throws SQLException {
        if (s == null) {
            // an empty table: the backup goes straight in, as fast as COPY goes
            return new Counts(loader.load(plan, plan.target().quotedName()), 0, 0, 0);
        }
        long updated = mode == RestoreMode.INSERT_MISSING ? 0 : s.changes().updateChanged();
        long inserted = s.changes().insertMissing();
        long unchanged = plan.keyed() ? s.rows() - inserted - updated : 0;
        return new Counts(inserted, updated, deletedRows, unchanged);
    }

    private Staged stage(TablePlan plan, TableLoader loader, int number) {
        return onDatabase(plan, () -> {
            TableChanges changes = new TableChanges(connection, plan, "account_restore_" + number);
            changes.createStage();
            long rows = loader.load(plan, changes.stage());
            changes.refuseDuplicateKeys();
            changes.analyzeStage();
            return new Staged(changes, rows);
        });
    }

    private Counts count(TablePlan plan, Staged s) {
        return onDatabase(plan, () -> s.changes().count(mode, s.rows()));
    }

    private boolean isEmpty(TablePlan plan) {
        return onDatabase(plan, () -> targets.isEmpty(plan));
    }

    /** Database work on {@code plan}'s table (null: the restore as a whole), its errors translated for the user. */
    private <T> T onDatabase(TablePlan plan, RestoreErrors.SqlWork<T> work) {
        return RestoreErrors.call(plan, lockTimeout, work);
    }

    private RestoreResult result(
            List<TablePlan> plans, Map<TablePlan, Counts> counts, String safetyBackupId, List<String> warnings) {
        List<TableRestoreResult> results = new ArrayList<>();
        for (TablePlan plan : plans) {
            Counts c = counts.get(plan);
            results.add(new TableRestoreResult(
                    plan.displayName(), c.inserted(), c.updated(), c.deleted(), c.unchanged(), plan.skippedColumns()));
        }
        return new RestoreResult(
                manifest.backupId(),
                request.dryRun(),
                List.copyOf(results),
                safetyBackupId,
                warnings,
                describeMasks(),
                staging == null ? 0 : staging.sampledAccounts());
    }

    private List<String> describeMasks() {
        return masks == null ? List.of() : masks.describe();
    }
}
