package dev.accountbackup.engine.retention;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.retention.RetentionPlan.Entry;
import dev.accountbackup.engine.retention.RetentionResult.Failure;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.StoredBackup;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes the backups a {@link RetentionPlan} gives up, in one backup set. Each backup is deleted
 * through {@link BackupLocation#delete} (manifest first, so a half-deleted backup is never listed as
 * complete). One failure does not stop the others: it is reported and the rest continue.
 */
public final class RetentionRunner {

    private RetentionRunner() {}

    /**
     * Lists the set, plans with {@code policy} and applies the plan. Backups the set cannot use
     * (unsigned where keys are configured, unreadable, dated in the future) are neither counted as
     * kept nor deleted: they are reported, for a person to look at.
     */
    public static RetentionResult run(BackupLocation location, RetentionPolicy policy, Instant now) {
        List<StoredBackup> catalog = location.catalog();
        return apply(location, policy.plan(usable(catalog), now), leftAlone(catalog));
    }

    /** The backups of a catalog retention may count and delete. */
    public static List<Manifest> usable(List<StoredBackup> catalog) {
        return catalog.stream()
                .filter(StoredBackup::usable)
                .map(StoredBackup::manifest)
                .toList();
    }

    /** What retention says about each backup of a catalog it may neither count nor delete. */
    public static List<String> leftAlone(List<StoredBackup> catalog) {
        return catalog.stream()
                .filter(b -> !b.usable())
                .map(b -> "backup " + b.backupId() + " neither kept nor deleted: " + b.problem())
                .toList();
    }

    /**
     * Deletes the plan's backups from {@code location}. Before each deletion the backup is read back
     * from this location: only a backup whose folder here holds a manifest naming that id is deleted,
     * so a plan can never reach outside the set or into a folder that is not that backup.
     */
    public static RetentionResult apply(BackupLocation location, RetentionPlan plan) {
        return apply(location, plan, List.of());
    }

    /** As {@link #apply(BackupLocation, RetentionPlan)}, reporting {@code leftAlone} with the result. */
    public static RetentionResult apply(BackupLocation location, RetentionPlan plan, List<String> leftAlone) {
        List<String> deleted = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (Entry entry : plan.delete()) {
            String id = entry.backupId();
            if (!isPlainName(id)) {
                failures.add(new Failure(
                        String.valueOf(id),
                        "backup id \"" + id + "\" is not a folder name of " + location.uri() + "; left alone",
                        false));
                continue;
            }
            try {
                // refuses a folder whose manifest names another backup, or is not signed where keys are configured
                location.readManifest(id);
            } catch (BackupException e) {
                failures.add(new Failure(
                        id,
                        "cannot read backup " + id + " before deleting it: " + e.getMessage() + "; left alone",
                        e.retryable()));
                continue;
            }
            try {
                location.delete(id);
                deleted.add(id);
            } catch (BackupException e) {
                failures.add(failureOf(location, id, e));
            }
        }
        return new RetentionResult(plan, deleted, failures, leftAlone);
    }

    /** Whether the manifest survived decides who finishes the job: the next pass, or a person. */
    private static Failure failureOf(BackupLocation location, String id, BackupException e) {
        boolean stillListed;
        try {
            stillListed = location.store().exists(location.key(id, Manifest.FILE_NAME));
        } catch (IOException | RuntimeException probe) {
            stillListed = true;
        }
        if (stillListed) {
            return new Failure(
                    id,
                    "deleting backup " + id + " failed: " + e.getMessage()
                            + "; it is still complete and the next retention pass retries",
                    true);
        }
        return new Failure(
                id,
                "deleting backup " + id + " failed after its manifest was removed: " + e.getMessage()
                        + "; it is no longer listed as a backup, remove the remaining files under " + location.uri(id),
                false);
    }

    private static boolean isPlainName(String id) {
        return id != null
                && !id.isBlank()
                && !id.equals(".")
                && !id.equals("..")
                && id.indexOf('/') < 0
                && id.indexOf('\\') < 0;
    }
}
