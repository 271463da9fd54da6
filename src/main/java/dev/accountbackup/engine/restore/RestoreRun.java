package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.accounts.AccountRows.Keep;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.erasure.ErasuresApplied;
import dev.accountbackup.engine.erasure.RestoreErasures;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one restore inside its transaction: plan, verify, stage, lock, count, take the
 * safety copy, apply. The caller commits, or rolls back for a dry run or a failure.
 */
final class RestoreRun {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreRun.class);

    /** Label of a safety copy naming the erasure ledger version its restore applied. */
    static final String ERASURE_LEDGER_LABEL = "accountbackup.dev/erasure-ledger-version";

    /** Staged backup rows of one table ({@code changes} null when its missing rows were copied straight in). */
    private record Staged(TableChanges changes, long rows) {}

    private final Connection connection;
    private final RestoreRequest request;
    private final RestoreMode mode;
    private final Manifest manifest;
    private final List<TableEntry> tables;
    private final RestoreErasures.Prepared erasures;
    private final Duration lockTimeout;
    private final TableLocksAndSequences targets;
    private final long indexesAfterLoadFromRows;
    private final ChosenAccounts accounts;
    /** The checked masking rules of a masked copy (checked against the target once planned); null when nothing is masked. */
    private MaskPlan masks;

    private StagingRows staging;

    /** Copies InsertMissing's missing rows straight into tables that hold rows; null in other modes and dry runs. */
    private MissingRowsCopy straight;
    /** The tables whose missing rows {@link #straight} copies instead of staging the backup. */
    private final Set<TablePlan> copiedStraight = new HashSet<>();

    /**
     * @param indexesAfterLoadFromRows the number of backed-up rows from which an empty table gets its indexes built after loading
     * @param accounts                 the accounts to restore, {@code tables} being theirs in graph order; null for whole tables
     * @param masks                    the masking rules, checked against the manifest; null when nothing is masked
     */
    RestoreRun(
            Connection connection,
            RestoreRequest request,
            RestoreMode mode,
            Manifest manifest,
            List<TableEntry> tables,
            RestoreErasures.Prepared erasures,
            Duration lockTimeout,
            long indexesAfterLoadFromRows,
            ChosenAccounts accounts,
            MaskPlan masks) {
        this.connection = connection;
        this.request = request;
        this.mode = mode;
        this.manifest = manifest;
        this.tables = tables;
        this.erasures = erasures;
        this.lockTimeout = lockTimeout;
        this.targets = new TableLocksAndSequences(connection, lockTimeout);
        this.indexesAfterLoadFromRows = indexesAfterLoadFromRows;
        this.accounts = accounts;
        this.masks = masks;
    }

    RestoreResult run() throws SQLException {
        targets.limitLockWaits();
        TableResolver resolver = new TableResolver(connection);
        RestorePlanner planner = new RestorePlanner(resolver, mode);
        List<TablePlan> planned = planner.plan(tables);
        if (masks != null) {
            masks = onDatabase(null, () -> MaskedTargetColumns.fit(connection, masks, planned));
        }
        ApplyOrder order = ApplyOrder.of(planned);
        List<TablePlan> plans = order.tables();

        BackupFiles files = new BackupFiles(request.location(), manifest);
        // erased accounts' rows are dropped first, then the chosen or sampled accounts' rows kept, then masked
        AccountRows.RowsOpener opener = t -> files.rows(t, files.open(t));
        TableRows rows = TableRows.all().withholding(erasures.filter(), opener);
        if (accounts == null) {
            files.verify(tables);
        } else {
            // every file is staged, and checked while it is read, before a row changes: one read of the backup
            requireKeys(planned);
            rows = rows.keeping(accounts.rows(), Keep.SELECTED);
        }
        if (request.maskedCopy() != null) {
            staging = StagingRows.of(request.maskedCopy(), masks, manifest, tables, files);
            rows = staging.steps(rows, opener);
        }
        TableLoader loader = new TableLoader(connection, files, lockTimeout, rows);
        if (mode == RestoreMode.INSERT_MISSING && accounts == null && !request.dryRun()) {
            straight = new MissingRowsCopy(connection, files, lockTimeout, rows);
        }

        // Staging happens before the lock, so that other writers are blocked only while rows change.
        // An account's rows are sorted parents first, so its tables are staged in the planned (graph) order.
        Map<TablePlan, Staged> staged = new HashMap<>();
        for (TablePlan plan : accounts == null ? plans : planned) {
            if (accounts != null || request.dryRun() || !isEmpty(plan)) {
                stageUnlessCopiedStraight(plan, staged, loader);
            }
        }
        if (!request.dryRun()) {
            targets.lock(plans);
            targets.checkUnchanged(resolver, plans);
            for (TablePlan plan : plans) {
                if (!staged.containsKey(plan) && !copiedStraight.contains(plan) && !isEmpty(plan)) {
                    stageUnlessCopiedStraight(plan, staged, loader); // rows arrived before the lock
                }
            }
        }

        boolean safetyCopy =
                !request.dryRun() && mode != RestoreMode.INSERT_MISSING && request.safetyLocation() != null;
        // the chosen accounts' rows as the target holds them now: the only rows Replace deletes and the safety copy
        // saves
        TargetAccounts accountsInTarget =
                accounts != null && (mode == RestoreMode.REPLACE || safetyCopy) ? accountsInTarget(planned) : null;
        if (accountsInTarget != null && mode == RestoreMode.REPLACE) {
            for (TablePlan plan : planned) {
                staged.get(plan).changes().limitDeletesTo(accountsInTarget.holds(plan, "t"));
            }
        }
        UserTriggers triggers = userTriggers(plans);
        Map<TablePlan, Counts> predicted = new HashMap<>();
        if (request.dryRun() || safetyCopy) {
            for (TablePlan plan : plans) {
                Staged s = staged.get(plan);
                predicted.put(plan, s == null ? new Counts(0, 0, 0, 0) : count(plan, s));
            }
        }
        if (request.dryRun()) {
            return result(plans, predicted, null, warnings(planner, plans, predicted, triggers));
        }
        String safetyBackupId = null;
        if (safetyCopy && predicted.values().stream().anyMatch(c -> c.updated() > 0 || c.deleted() > 0)) {
            SafetyCopy copy = new SafetyCopy(connection, request.target(), request.safetyLocation(), safetyLabels());
            safetyBackupId = accountsInTarget == null
                    ? copy.take(plans)
                    : copy.take(plans, plan -> accountsInTarget.holds(plan, "t"), accounts.scope());
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

    /** The request's labels, with the erasure ledger version this restore applied, for the evidence report. */
    private Map<String, String> safetyLabels() {
        Map<String, String> labels = new HashMap<>(request.safetyLabels() == null ? Map.of() : request.safetyLabels());
        ErasuresApplied applied = erasures.applied();
        labels.put(ERASURE_LEDGER_LABEL, applied.ignored() ? "ignored" : applied.ledgerVersion());
        return Map.copyOf(labels);
    }

    /** Chosen accounts' rows can only be told apart in tables whose rows are matched by key. */
    private void requireKeys(List<TablePlan> plans) {
        for (TablePlan plan : plans) {
            if (!plan.keyed()) {
                throw BackupException.invalid("table " + plan.displayName()
                        + " has no primary key in the database (or it is not in the backup), so the chosen accounts'"
                        + " rows cannot be matched: restore the table whole. Nothing was changed");
            }
        }
    }

    /**
     * The chosen accounts' rows as the target holds them now (under the lock): the rows Replace may delete, and those
     * the safety copy saves.
     */
    private TargetAccounts accountsInTarget(List<TablePlan> planned) {
        TargetAccounts target = new TargetAccounts(connection, accounts.graph(), planned);
        onDatabase(null, () -> {
            target.collect(accounts.targetKeys());
            return null;
        });
        return target;
    }

    private UserTriggers userTriggers(List<TablePlan> plans) {
        return onDatabase(null, () -> UserTriggers.of(connection, plans, lockTimeout));
    }

    private List<String> warnings(
            RestorePlanner planner, List<TablePlan> plans, Map<TablePlan, Counts> counts, UserTriggers triggers) {
        List<String> warnings = new ArrayList<>(planner.warnings());
        if (accounts != null) {
            warnings.addAll(accounts.warnings());
        }
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
                .filter(plan -> !staged.containsKey(plan)
                        && !copiedStraight.contains(plan)
                        && plan.entry().rows() >= indexesAfterLoadFromRows)
                .toList();
        IndexesAfterLoad indexes = IndexesAfterLoad.drop(connection, emptyAndLarge, targets, lockTimeout);
        Map<TablePlan, Long> inserted = new HashMap<>();
        for (TablePlan plan : order.tables()) {
            if (copiedStraight.contains(plan)) {
                inserted.put(plan, copyStraight(plan, staged, loader));
            } else {
                Staged s = staged.get(plan);
                inserted.put(plan, onDatabase(plan, () -> insert(plan, s, loader)));
            }
        }
        // Updates run once every missing row is back: an updated row may point to a row this restore brings back, in
        // its own table (a self-reference) or in a table written after its own (a cycle).
        Map<TablePlan, Counts> applied = new HashMap<>();
        for (TablePlan plan : order.tables()) {
            Staged s = staged.get(plan);
            long updated = s == null || mode == RestoreMode.INSERT_MISSING
                    ? 0
                    : onDatabase(plan, () -> s.changes().updateChanged());
            long insertedRows = inserted.get(plan);
            long unchanged = s != null && plan.keyed() ? s.rows() - insertedRows - updated : 0;
            applied.put(plan, new Counts(insertedRows, updated, deleted.getOrDefault(plan, 0L), unchanged));
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

    /** Inserts a table's missing rows: straight in with COPY when it was empty, else from its stage. */
    private long insert(TablePlan plan, Staged s, TableLoader loader) throws SQLException {
        if (s == null) {
            // an empty table: the backup goes straight in, as fast as COPY goes
            return loader.loadWhole(plan, plan.target().quotedName(), TableLoader.Restart.savepoint(connection));
        }
        return s.changes().insertMissing(mode != RestoreMode.INSERT_MISSING);
    }

    /** Stages a table's backup rows, unless its missing rows will be copied straight in (under the lock). */
    private void stageUnlessCopiedStraight(TablePlan plan, Map<TablePlan, Staged> staged, TableLoader loader) {
        if (straight != null && onDatabase(plan, () -> straight.suits(plan))) {
            copiedStraight.add(plan);
        } else {
            staged.put(plan, stage(plan, loader, staged.size() + 1));
        }
    }

    /**
     * Copies a table's missing rows straight in; stages it now (under the lock) when its keys turn out not to fit in
     * memory. Records what the backup held for the counts, as a stage would.
     */
    private long copyStraight(TablePlan plan, Map<TablePlan, Staged> staged, TableLoader loader) {
        MissingRowsCopy.Copied copied = onDatabase(plan, () -> straight.insert(plan));
        if (copied == null) {
            Staged s = stage(plan, loader, staged.size() + 1);
            staged.put(plan, s);
            return onDatabase(plan, () -> insert(plan, s, loader));
        }
        staged.put(plan, new Staged(null, copied.inserted() + copied.present()));
        return copied.inserted();
    }

    private Staged stage(TablePlan plan, TableLoader loader, int number) {
        return onDatabase(plan, () -> {
            TableChanges changes = new TableChanges(connection, plan, "account_restore_" + number);
            changes.createStage();
            long rows = loader.load(plan, changes.stage());
            changes.refuseDuplicateKeys();
            changes.analyzeStageKeys();
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
        try {
            return RestoreErrors.call(plan, lockTimeout, work);
        } catch (BackupException e) {
            throw masks == null || plan == null ? e : MaskedCheckViolation.explain(e, plan, masks);
        }
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
                accounts == null ? null : accounts.outcome(),
                erasures.applied(),
                describeMasks(),
                staging == null ? 0 : staging.sampledAccounts());
    }

    private List<String> describeMasks() {
        return masks == null ? List.of() : masks.describe();
    }
}
