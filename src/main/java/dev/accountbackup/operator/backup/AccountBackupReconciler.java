package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.operator.BackupEngine;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.Job;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.resolve.DatabaseTargets;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.resolve.StoreOpener;
import dev.accountbackup.operator.run.OneShotRuns;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.run.RunLifecycle;
import dev.accountbackup.operator.run.RunStarter;
import dev.accountbackup.operator.status.StatusWriter;
import dev.accountbackup.operator.validation.BackupSpecValidator;
import dev.accountbackup.api.DeletionPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each AccountBackup once. The shared loop ({@link OneShotRuns}) decides and records; this
 * class turns a spec into an export job, which runs on the job executor, never in here.
 */
@ControllerConfiguration(name = AccountBackupReconciler.NAME)
public final class AccountBackupReconciler implements Reconciler<AccountBackup>, Cleaner<AccountBackup>, RunStarter<AccountBackup, BackupOutcome, BackupAttempt> {

    public static final String NAME = "accountbackup";
    public static final int DEFAULT_BACKOFF_LIMIT = 3;
    private static final Logger LOG = LoggerFactory.getLogger(AccountBackupReconciler.class);

    private final JobRunner<BackupOutcome, BackupAttempt> jobs;
    private final SimpleInboundEventSource<AccountBackup> jobEvents = new SimpleInboundEventSource<>("backup-jobs");
    private final OneShotRuns<AccountBackup, AccountBackupStatus, BackupOutcome, BackupAttempt> runs;
    private final ScheduledBackups scheduled;
    private final BackupSetDeletion deletions;
    private final BackupSpecValidator validator = new BackupSpecValidator();
    private final DatabaseTargets databases;
    private final StorageResolver storage;
    private final BackupEngine engine;

    public AccountBackupReconciler(JobRunner<BackupOutcome, BackupAttempt> jobs, RunLifecycle lifecycle, DatabaseTargets databases,
                                   StorageResolver storage, BackupEngine engine, EventRecorder events, Clock clock, Duration pollInterval) {
        this(jobs, lifecycle, databases, storage, engine, events, clock, pollInterval, Duration.ofMinutes(10));
    }

    /** @param maxScheduleWait the longest a scheduled AccountBackup waits between two decisions (the resync interval) */
    public AccountBackupReconciler(JobRunner<BackupOutcome, BackupAttempt> jobs, RunLifecycle lifecycle, DatabaseTargets databases,
                                   StorageResolver storage, BackupEngine engine, EventRecorder events, Clock clock, Duration pollInterval,
                                   Duration maxScheduleWait) {
        this.jobs = jobs;
        this.databases = databases;
        this.storage = storage;
        this.engine = engine;
        StatusWriter<AccountBackupStatus, AccountBackup> statuses = new StatusWriter<>(AccountBackup::new, clock);
        this.runs = new OneShotRuns<>(jobs, lifecycle, statuses, new BackupStatuses(), events, clock, pollInterval);
        this.scheduled = new ScheduledBackups(jobs, lifecycle, statuses, events, clock, pollInterval, maxScheduleWait, this::prepare);
        this.deletions = new BackupSetDeletion(jobs, events, (namespace, backup) -> {
            validator.validate(backup.getSpec());
            return this.storage.resolve(namespace, backup.getSpec().getStorage());
        });
        jobs.onFinished(jobEvents::propagateEvent);
    }

    @Override
    public List<EventSource<?, AccountBackup>> prepareEventSources(EventSourceContext<AccountBackup> context) {
        return List.of(jobEvents);
    }

    @Override
    public UpdateControl<AccountBackup> reconcile(AccountBackup backup, Context<AccountBackup> context) {
        if (backup.getSpec() != null && backup.getSpec().isScheduled()) {
            return scheduled.reconcile(backup, context, backoffLimit(backup.getSpec()));
        }
        return runs.reconcile(backup, context, backoffLimit(backup.getSpec()), this);
    }

    /** Retain (the default) lets the resource go at once; Delete removes its backups from storage first. */
    @Override
    public DeleteControl cleanup(AccountBackup backup, Context<AccountBackup> context) {
        if (backup.getSpec() == null || backup.getSpec().getDeletionPolicy() != DeletionPolicy.Delete) {
            return DeleteControl.defaultDelete();
        }
        return deletions.cleanup(backup, locationPath(backup));
    }

    @Override
    public ErrorStatusUpdateControl<AccountBackup> updateErrorStatus(AccountBackup backup, Context<AccountBackup> context, Exception e) {
        return runs.errorStatus(backup, e);
    }

    @Override
    public UpdateControl<AccountBackup> start(AccountBackup backup, RunDecision.Start<BackupOutcome, BackupAttempt> start,
                                              int backoffLimit, Instant now) {
        PreparedBackup prepared;
        try {
            prepared = prepare(backup, BackupIds.fromTime(now), start.interruptedBackupId());
        } catch (BackupException e) {
            return runs.rejected(backup, e, start.attempt() - 1, now);
        }
        String namespace = backup.getMetadata().getNamespace();
        if (start.interruptedBackupId() != null) {
            LOG.info("AccountBackup {}/{}: backup {} was interrupted by an operator restart; starting attempt {}",
                    namespace, backup.getMetadata().getName(), start.interruptedBackupId(), start.attempt());
        }
        Job<BackupOutcome, BackupAttempt> job = jobs.start(backup.getMetadata().getUid(), ResourceID.fromResource(backup),
                start.attempt(), now, backup.getMetadata().getGeneration(), prepared.attempt(start.previousError()), prepared.job());
        return runs.started(backup, job, backoffLimit, now);
    }

    /**
     * Validates the spec, reads its Secrets and builds the export of one backup.
     *
     * @throws BackupException when the spec or its Secrets are wrong
     */
    PreparedBackup prepare(AccountBackup backup, String backupId, String interruptedBackupId) {
        AccountBackupSpec spec = backup.getSpec();
        String namespace = backup.getMetadata().getNamespace();
        validator.validate(spec);
        DatabaseTarget database = databases.resolve(namespace, spec.getDatabase());
        StoreOpener store = storage.resolve(namespace, spec.getStorage());
        String path = locationPath(backup);
        Map<String, String> labels = Map.of(
                "accountbackup.dev/namespace", namespace,
                "accountbackup.dev/name", backup.getMetadata().getName(),
                "accountbackup.dev/uid", backup.getMetadata().getUid());
        BackupJob work = new BackupJob(engine, store, path, backupId, interruptedBackupId, database, List.copyOf(spec.getTables()),
                BackupSpecValidator.compression(spec), labels);
        return new PreparedBackup(work, store, path, spec.getTables().size(), store.describe() + "/" + path);
    }

    /** No attempt will follow an interrupted one: remove what it wrote, off the reconcile thread. */
    @Override
    public void giveUp(AccountBackup backup) {
        String backupId = backup.getStatus().getBackupId();
        if (backupId == null) {
            return;
        }
        String path = locationPath(backup);
        try {
            validator.validate(backup.getSpec());
            StoreOpener store = storage.resolve(backup.getMetadata().getNamespace(), backup.getSpec().getStorage());
            jobs.runDetached("removing the incomplete backup " + backupId + " of " + path, () -> {
                try (var opened = store.open()) {
                    BackupJob.discardIncomplete(new BackupLocation(opened, path), backupId);
                }
            });
        } catch (BackupException e) {
            LOG.warn("cannot remove the incomplete backup {} of {}: {}", backupId, path, e.getMessage());
        }
    }

    /** Backups of an AccountBackup live in {@code <namespace>/<name>/} below the storage root. */
    private static String locationPath(AccountBackup backup) {
        return backup.getMetadata().getNamespace() + "/" + backup.getMetadata().getName();
    }

    private static int backoffLimit(AccountBackupSpec spec) {
        return spec == null || spec.getBackoffLimit() == null || spec.getBackoffLimit() < 0 ? DEFAULT_BACKOFF_LIMIT : spec.getBackoffLimit();
    }
}
