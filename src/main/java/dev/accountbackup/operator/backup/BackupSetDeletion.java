package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoredObject;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.jobs.SafeErrors;
import dev.accountbackup.operator.resolve.StoreOpener;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * deletionPolicy Delete: removes every stored backup an AccountBackup being deleted made, on the job
 * executor, and lets the resource go (its finalizer removed) once they are gone. A running backup
 * is waited for first, so that no half-written backup is left behind. Backups in its folder that its
 * manifests' labels do not attribute to it (a restore's safety copy, a copy from elsewhere) are left
 * and reported.
 */
final class BackupSetDeletion {

    private static final Logger LOG = LoggerFactory.getLogger(BackupSetDeletion.class);
    private static final Duration CHECK = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(30);

    /**
     * How a deletion ended: the number of backups removed, those kept under an Object Lock and those left as not this
     * AccountBackup's, or the failure.
     */
    private record Result(int deleted, List<String> keptLocked, List<Manifest> leftAlone, BackupException error) {

        static Result failed(BackupException error) {
            return new Result(0, List.of(), List.of(), error);
        }
    }

    private final JobRunner<BackupOutcome, BackupAttempt> jobs;
    private final EventRecorder events;
    private final Clock clock;
    private final BiFunction<String, AccountBackup, StoreOpener> storage;
    private final Map<String, CompletableFuture<Result>> running = new ConcurrentHashMap<>();

    /** @param storage resolves the store of a resource (namespace, resource), reading its Secret */
    BackupSetDeletion(
            JobRunner<BackupOutcome, BackupAttempt> jobs,
            EventRecorder events,
            Clock clock,
            BiFunction<String, AccountBackup, StoreOpener> storage) {
        this.jobs = jobs;
        this.events = events;
        this.clock = clock;
        this.storage = storage;
    }

    DeleteControl cleanup(AccountBackup backup, String locationPath) {
        String uid = backup.getMetadata().getUid();
        jobs.cancelQueued(uid); // a run still waiting in line never starts
        if (jobs.find(uid).filter(AttemptHandle::isRunning).isPresent()) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(CHECK.toMillis());
        }
        CompletableFuture<Result> deletion = running.computeIfAbsent(uid, k -> start(backup, locationPath));
        if (!deletion.isDone()) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(CHECK.toMillis());
        }
        running.remove(uid, deletion);
        jobs.forget(uid);
        Result result = deletion.join();
        String name =
                backup.getMetadata().getNamespace() + "/" + backup.getMetadata().getName();
        if (result.error() == null) {
            String message = "deletionPolicy Delete: removed " + result.deleted()
                    + (result.deleted() == 1 ? " backup" : " backups")
                    + " of " + locationPath + " from storage" + keptLocked(result.keptLocked())
                    + (result.leftAlone().isEmpty()
                            ? ""
                            : "; left " + result.leftAlone().size() + " not made by this AccountBackup: "
                                    + BackupOwnership.describe(result.leftAlone()));
            LOG.info("AccountBackup {}: {}", name, message);
            events.record(backup, EventReason.BackupsDeleted, message);
            return DeleteControl.defaultDelete();
        }
        if (result.error().retryable()) {
            String message = "deletionPolicy Delete: could not remove the backups of " + locationPath + " ("
                    + result.error().getMessage() + "); trying again in " + RETRY.toSeconds() + "s";
            LOG.warn("AccountBackup {}: {}", name, message);
            events.record(backup, EventReason.BackupsDeletionFailed, message);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY.toMillis());
        }
        // retrying cannot help (e.g. the Secret went with the namespace): never block the deletion for good
        String message = "deletionPolicy Delete: the backups of " + locationPath + " were left in storage ("
                + result.error().getMessage() + "); remove them by hand";
        LOG.warn("AccountBackup {}: {}", name, message);
        events.record(backup, EventReason.BackupsDeletionFailed, message);
        return DeleteControl.defaultDelete();
    }

    private CompletableFuture<Result> start(AccountBackup backup, String locationPath) {
        StoreOpener opener;
        try {
            opener = storage.apply(backup.getMetadata().getNamespace(), backup);
        } catch (BackupException e) {
            return CompletableFuture.completedFuture(Result.failed(e));
        }
        BackupOwnership owner = new BackupOwnership(
                backup.getMetadata().getNamespace(), backup.getMetadata().getName());
        return jobs.supplyDetached(() -> {
            try (BackupStore store = opener.open()) {
                return deleteOwned(new BackupLocation(store, locationPath), owner, clock.instant());
            } catch (BackupException e) {
                return Result.failed(e);
            } catch (RuntimeException e) {
                return Result.failed(SafeErrors.toBackupException(e));
            }
        });
    }

    /**
     * The backups this AccountBackup made first (manifest first, as retention does), then what its incomplete
     * attempts left: files in folders without a manifest, temporary files and unfinished uploads. A folder that
     * still holds a manifest is not its own or is locked. Backups under an Object Lock that has not expired stay,
     * files and all.
     */
    private static Result deleteOwned(BackupLocation location, BackupOwnership owner, Instant now) {
        BackupOwnership.Split backups = owner.split(location.list());
        List<String> keptLocked = new ArrayList<>();
        int deleted = 0;
        for (Manifest m : backups.owned()) {
            if (m.lockedAt(now)) {
                keptLocked.add(m.backupId() + " " + m.objectLock().describe());
                LOG.info(
                        "deletionPolicy Delete at {}: backup {} kept: {}",
                        location.uri(),
                        m.backupId(),
                        m.objectLock().describe());
            } else {
                location.delete(m.backupId());
                deleted++;
            }
        }
        owner.logLeftAlone("deletionPolicy Delete", location, backups.foreign());
        String prefix = location.path() + "/";
        try {
            List<StoredObject> left = location.store().list(prefix);
            Set<String> withManifest = left.stream()
                    .map(o -> o.key().substring(prefix.length()))
                    .filter(rest -> rest.endsWith("/" + Manifest.FILE_NAME))
                    .map(rest -> rest.substring(0, rest.length() - Manifest.FILE_NAME.length()))
                    .collect(Collectors.toSet());
            for (StoredObject leftover : left) {
                String rest = leftover.key().substring(prefix.length());
                if (withManifest.stream().noneMatch(rest::startsWith)) {
                    location.store().delete(leftover.key());
                }
            }
        } catch (IOException e) {
            throw BackupLocation.storageError("removing the files left in " + location.uri(), e);
        }
        location.discardUnfinished();
        return new Result(deleted, keptLocked, backups.foreign(), null);
    }

    private static String keptLocked(List<String> backups) {
        return backups.isEmpty()
                ? ""
                : "; kept " + backups.size() + (backups.size() == 1 ? " backup" : " backups")
                        + " under S3 Object Lock, remove " + (backups.size() == 1 ? "it" : "them") + " once unlocked: "
                        + String.join(", ", backups);
    }
}
