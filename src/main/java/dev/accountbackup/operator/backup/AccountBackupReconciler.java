package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.operator.BackupEngine;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.Job;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.resolve.DatabaseTargets;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.resolve.StoreOpener;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.run.RunLifecycle;
import dev.accountbackup.operator.status.StatusWriter;
import dev.accountbackup.operator.validation.BackupSpecValidator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each AccountBackup once: observe (the resource and its job), decide (the shared one-shot
 * rules), act (start a job, or record its outcome), and write the status in one patch when it
 * changed. The export itself runs on the job executor, never in here.
 */
@ControllerConfiguration(name = AccountBackupReconciler.NAME)
public final class AccountBackupReconciler implements Reconciler<AccountBackup> {

    public static final String NAME = "accountbackup";
    public static final int DEFAULT_BACKOFF_LIMIT = 3;
    private static final Logger LOG = LoggerFactory.getLogger(AccountBackupReconciler.class);

    private final JobRunner<BackupOutcome, BackupAttempt> jobs;
    private final SimpleInboundEventSource<AccountBackup> jobEvents = new SimpleInboundEventSource<>("backup-jobs");
    private final RunLifecycle lifecycle;
    private final BackupSpecValidator validator = new BackupSpecValidator();
    private final DatabaseTargets databases;
    private final StorageResolver storage;
    private final BackupEngine engine;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration pollInterval;
    private final StatusWriter<AccountBackupStatus, AccountBackup> statuses;

    public AccountBackupReconciler(JobRunner<BackupOutcome, BackupAttempt> jobs, RunLifecycle lifecycle, DatabaseTargets databases,
                                   StorageResolver storage, BackupEngine engine, EventRecorder events, Clock clock, Duration pollInterval) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.databases = databases;
        this.storage = storage;
        this.engine = engine;
        this.events = events;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.statuses = new StatusWriter<>(AccountBackup::new, clock);
        jobs.onFinished(jobEvents::propagateEvent);
    }

    @Override
    public List<EventSource<?, AccountBackup>> prepareEventSources(EventSourceContext<AccountBackup> context) {
        return List.of(jobEvents);
    }

    @Override
    public UpdateControl<AccountBackup> reconcile(AccountBackup backup, Context<AccountBackup> context) {
        String uid = backup.getMetadata().getUid();
        long generation = backup.getMetadata().getGeneration();
        AccountBackupStatus current = backup.getStatus();
        Instant now = clock.instant();
        int backoffLimit = backoffLimit(backup.getSpec());
        Optional<UpdateControl<AccountBackup>> stale = statuses.waitForOwnWrite(backup);
        if (stale.isPresent()) {
            return stale.get();
        }

        Optional<Job<BackupOutcome, BackupAttempt>> job = jobs.find(uid);
        if (job.isPresent() && RunLifecycle.isRecorded(current, job.get())) {
            jobs.forget(uid);
            job = Optional.empty();
        }
        RunDecision<BackupOutcome, BackupAttempt> decision = lifecycle.decide(current, generation, job, backoffLimit, now);

        if (decision instanceof RunDecision.Wait<BackupOutcome, BackupAttempt> wait) {
            return statuses.patchIfChanged(backup, BackupStatuses.running(current, wait.job(), backoffLimit, now))
                    .rescheduleAfter(pollInterval);
        }
        if (decision instanceof RunDecision.Complete<BackupOutcome, BackupAttempt> complete) {
            AccountBackupStatus done = BackupStatuses.succeeded(current, complete.job(), now);
            return recheckIfStale(record(backup, done, EventReason.BackupSucceeded,
                    "backup " + done.getBackupId() + " completed: " + done.getMessage() + ", at " + done.getLocation()), complete.job(), generation);
        }
        if (decision instanceof RunDecision.Fail<BackupOutcome, BackupAttempt> fail) {
            AccountBackupStatus failed = BackupStatuses.failed(current, fail.job(), backoffLimit, now);
            return recheckIfStale(record(backup, failed, EventReason.BackupFailed, failed.getMessage()), fail.job(), generation);
        }
        if (decision instanceof RunDecision.RetryLater<BackupOutcome, BackupAttempt> retry) {
            AccountBackupStatus retrying = BackupStatuses.retrying(current, retry.job(), backoffLimit, retry.at(), now);
            return record(backup, retrying, EventReason.BackupRetrying, retrying.getMessage())
                    .rescheduleAfter(Duration.between(now, retry.at()).plusMillis(10));
        }
        if (decision instanceof RunDecision.Start<BackupOutcome, BackupAttempt> start) {
            return start(backup, start, backoffLimit, now);
        }
        if (decision instanceof RunDecision.GiveUp<BackupOutcome, BackupAttempt> giveUp) {
            AccountBackupStatus failed = BackupStatuses.interrupted(current, giveUp.attempts(), backoffLimit, generation, now);
            discardInterrupted(backup, current.getBackupId());
            return record(backup, failed, EventReason.BackupFailed, failed.getMessage());
        }
        if (((RunDecision.Done<BackupOutcome, BackupAttempt>) decision).specChanged()) {
            return record(backup, BackupStatuses.specChangeIgnored(current, generation, now), EventReason.SpecChangeIgnored,
                    BackupStatuses.SPEC_CHANGE_IGNORED);
        }
        return UpdateControl.noUpdate();
    }

    private UpdateControl<AccountBackup> start(AccountBackup backup, RunDecision.Start<BackupOutcome, BackupAttempt> start,
                                               int backoffLimit, Instant now) {
        AccountBackupSpec spec = backup.getSpec();
        String namespace = backup.getMetadata().getNamespace();
        long generation = backup.getMetadata().getGeneration();
        DatabaseTarget database;
        StoreOpener store;
        try {
            validator.validate(spec);
            database = databases.resolve(namespace, spec.getDatabase());
            store = storage.resolve(namespace, spec.getStorage());
        } catch (BackupException e) {
            AccountBackupStatus rejected = BackupStatuses.rejected(backup.getStatus(), e, start.attempt() - 1, generation, now);
            return record(backup, rejected, EventReason.BackupFailed, e.getMessage());
        }
        String backupId = BackupIds.fromTime(now);
        String path = namespace + "/" + backup.getMetadata().getName();
        Map<String, String> labels = Map.of(
                "accountbackup.dev/namespace", namespace,
                "accountbackup.dev/name", backup.getMetadata().getName(),
                "accountbackup.dev/uid", backup.getMetadata().getUid());
        BackupAttempt attempt = new BackupAttempt(backupId, spec.getTables().size(), store.describe() + "/" + path, start.previousError());
        BackupJob work = new BackupJob(engine, store, path, backupId, start.interruptedBackupId(), database, List.copyOf(spec.getTables()),
                BackupSpecValidator.compression(spec), labels);
        Job<BackupOutcome, BackupAttempt> job = jobs.start(backup.getMetadata().getUid(), ResourceID.fromResource(backup),
                start.attempt(), now, generation, attempt, work);
        if (start.interruptedBackupId() != null) {
            LOG.info("AccountBackup {}/{}: attempt with backup id {} was interrupted by an operator restart; starting attempt {}",
                    namespace, backup.getMetadata().getName(), start.interruptedBackupId(), start.attempt());
        }
        AccountBackupStatus running = BackupStatuses.running(backup.getStatus(), job, backoffLimit, now);
        return record(backup, running, EventReason.BackupStarted, "backup " + backupId + " started: " + running.getMessage())
                .rescheduleAfter(pollInterval);
    }

    /** Removes what an interrupted attempt wrote, when no further attempt will. */
    private void discardInterrupted(AccountBackup backup, String backupId) {
        if (backupId == null) {
            return;
        }
        String path = backup.getMetadata().getNamespace() + "/" + backup.getMetadata().getName();
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

    /** Patches the status if it changed, and then records the event that goes with the change. */
    private UpdateControl<AccountBackup> record(AccountBackup backup, AccountBackupStatus status, EventReason reason, String message) {
        UpdateControl<AccountBackup> control = statuses.patchIfChanged(backup, status);
        if (!control.isNoUpdate()) {
            events.record(backup, reason, message);
            LOG.info("AccountBackup {}/{}: {}: {}", backup.getMetadata().getNamespace(), backup.getMetadata().getName(), reason, message);
        }
        return control;
    }

    /** The spec changed while the attempt ran: come back to apply the one-shot rules to the new spec. */
    private static UpdateControl<AccountBackup> recheckIfStale(UpdateControl<AccountBackup> control, Job<?, ?> job, long generation) {
        return job.generation() == generation ? control : control.rescheduleAfter(Duration.ofSeconds(1));
    }

    private static int backoffLimit(AccountBackupSpec spec) {
        return spec == null || spec.getBackoffLimit() == null || spec.getBackoffLimit() < 0 ? DEFAULT_BACKOFF_LIMIT : spec.getBackoffLimit();
    }
}
