package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.retention.RetentionPlan;
import dev.accountbackup.engine.retention.RetentionPolicy;
import dev.accountbackup.engine.retention.RetentionResult;
import dev.accountbackup.engine.retention.RetentionRunner;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoredBackup;
import dev.accountbackup.operator.jobs.SafeErrors;
import dev.accountbackup.operator.resolve.StoreOpener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduled backup attempt: the export and snapshot, then retention on its backup set (the exports in storage and
 * the RDS snapshots of each region), on the job executor. A retention failure is reported with the
 * outcome and never fails the backup that was just taken.
 *
 * @param storage   the exports' store; null for a snapshot-only backup
 * @param owner     whose exports retention may delete: backups in the folder that others made are left and reported
 * @param snapshots the snapshots' scope; null for a tables-only backup
 */
record BackupThenRetention(
        ExportAndSnapshot run,
        StoreOpener storage,
        String locationPath,
        BackupOwnership owner,
        RetentionPolicy policy,
        SnapshotRetentionScope snapshots,
        Clock clock) {

    private static final Logger LOG = LoggerFactory.getLogger(BackupThenRetention.class);

    CompletableFuture<BackupOutcome> start(Executor executor) {
        return run.start(executor).thenApplyAsync(outcome -> outcome.withRetention(applyRetention(outcome)), executor);
    }

    private RetentionReport applyRetention(BackupOutcome outcome) {
        List<RetentionReport> parts = new ArrayList<>();
        if (storage != null) {
            parts.add(applyToExports(outcome.manifest().backupId()));
        }
        if (snapshots != null) {
            parts.addAll(snapshots.apply(policy, clock.instant()));
        }
        return RetentionReport.combine(parts);
    }

    private RetentionReport applyToExports(String newBackupId) {
        try (BackupStore store = storage.open()) {
            BackupLocation location = storage.location(store, locationPath);
            List<StoredBackup> catalog = location.catalog();
            BackupOwnership.Split backups = owner.split(RetentionRunner.usable(catalog));
            RetentionResult result = RetentionRunner.apply(
                    location, policy.plan(backups.owned(), clock.instant()), RetentionRunner.leftAlone(catalog));
            RetentionPlan plan = result.plan();
            owner.logLeftAlone("retention", location, backups.foreign());
            for (RetentionPlan.Entry e : plan.delete()) {
                LOG.info(
                        "retention at {}: backup {} {}: {}",
                        location.uri(),
                        e.backupId(),
                        result.deleted().contains(e.backupId()) ? "deleted" : "not deleted",
                        e.reason());
            }
            for (RetentionPlan.Entry e : plan.locked()) {
                LOG.info("retention at {}: backup {} kept: {}", location.uri(), e.backupId(), e.reason());
            }
            result.failures().forEach(f -> LOG.warn("retention at {}: {}", location.uri(), f.message()));
            result.leftAlone().forEach(message -> LOG.warn("retention at {}: {}", location.uri(), message));
            if (result.deleted().contains(newBackupId)) {
                // the plan always keeps the newest backup: reaching this means the clock or the manifests are wrong
                LOG.error(
                        "retention at {} deleted the backup just taken ({}); check the operator clock",
                        location.uri(),
                        newBackupId);
            }
            String leftAlone = backups.foreign().isEmpty()
                    ? ""
                    : "; left " + backups.foreign().size() + " not made by this AccountBackup: "
                            + BackupOwnership.describe(backups.foreign());
            return new RetentionReport(summary(result) + leftAlone, result.deleted(), List.of(), !result.complete());
        } catch (BackupException e) {
            LOG.warn("retention at {}/{} could not run: {}", storage.describe(), locationPath, e.getMessage());
            return new RetentionReport("retention could not run: " + e.getMessage(), List.of(), List.of(), true);
        } catch (RuntimeException e) {
            LOG.warn("retention at {}/{} could not run: {}", storage.describe(), locationPath, SafeErrors.describe(e));
            return new RetentionReport(
                    "retention could not run: " + SafeErrors.describe(e), List.of(), List.of(), true);
        }
    }

    private static String summary(RetentionResult result) {
        int kept = result.plan().keep().size();
        String text = result.deleted().isEmpty()
                ? "kept all " + kept + (kept == 1 ? " backup" : " backups")
                : "deleted " + result.deleted().size() + (result.deleted().size() == 1 ? " backup" : " backups") + " ("
                        + String.join(", ", result.deleted()) + "); kept " + kept;
        if (!result.plan().locked().isEmpty()) {
            text += " ("
                    + result.plan().locked().stream()
                            .map(e -> e.backupId() + " kept: " + e.reason())
                            .collect(Collectors.joining("; "))
                    + ")";
        }
        if (!result.leftAlone().isEmpty()) {
            text += "; " + String.join("; ", result.leftAlone());
        }
        if (!result.complete()) {
            text += "; " + result.failures().size() + " could not be deleted: "
                    + result.failures().stream()
                            .map(RetentionResult.Failure::message)
                            .collect(Collectors.joining("; "));
        }
        return text;
    }
}
