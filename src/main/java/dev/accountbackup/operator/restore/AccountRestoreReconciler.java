package dev.accountbackup.operator.restore;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.restore.RestoreMode;
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
import dev.accountbackup.operator.validation.RestoreSpecValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each AccountRestore once, like {@code AccountBackupReconciler}: observe, decide, act, one
 * status patch. Restores whose target tables overlap run one after the other: the later one
 * stays Pending, naming the one it waits for.
 */
@ControllerConfiguration(name = AccountRestoreReconciler.NAME)
public final class AccountRestoreReconciler implements Reconciler<AccountRestore> {

    public static final String NAME = "accountrestore";
    public static final int DEFAULT_BACKOFF_LIMIT = 3;
    private static final Logger LOG = LoggerFactory.getLogger(AccountRestoreReconciler.class);

    private final JobRunner<RestoreOutcome, RestoreAttempt> jobs;
    private final SimpleInboundEventSource<AccountRestore> jobEvents = new SimpleInboundEventSource<>("restore-jobs");
    private final Object startLock = new Object();
    private final Set<ResourceID> waiting = ConcurrentHashMap.newKeySet();
    private final RunLifecycle lifecycle;
    private final RestoreSpecValidator validator = new RestoreSpecValidator();
    private final KubernetesClient client;
    private final DatabaseTargets databases;
    private final StorageResolver storage;
    private final BackupEngine engine;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration pollInterval;
    private final StatusWriter<AccountRestoreStatus, AccountRestore> statuses;

    public AccountRestoreReconciler(JobRunner<RestoreOutcome, RestoreAttempt> jobs, RunLifecycle lifecycle, KubernetesClient client,
                                    DatabaseTargets databases, StorageResolver storage, BackupEngine engine, EventRecorder events,
                                    Clock clock, Duration pollInterval) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.client = client;
        this.databases = databases;
        this.storage = storage;
        this.engine = engine;
        this.events = events;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.statuses = new StatusWriter<>(AccountRestore::new, clock);
        jobs.onFinished(id -> {
            jobEvents.propagateEvent(id);
            // restores waiting for tables may go now; those still blocked register again
            List<ResourceID> ready = List.copyOf(waiting);
            waiting.removeAll(ready);
            ready.forEach(jobEvents::propagateEvent);
        });
    }

    @Override
    public List<EventSource<?, AccountRestore>> prepareEventSources(EventSourceContext<AccountRestore> context) {
        return List.of(jobEvents);
    }

    @Override
    public UpdateControl<AccountRestore> reconcile(AccountRestore restore, Context<AccountRestore> context) {
        String uid = restore.getMetadata().getUid();
        long generation = restore.getMetadata().getGeneration();
        AccountRestoreStatus current = restore.getStatus();
        Instant now = clock.instant();
        int backoffLimit = backoffLimit(restore.getSpec());
        Optional<UpdateControl<AccountRestore>> stale = statuses.waitForOwnWrite(restore);
        if (stale.isPresent()) {
            return stale.get();
        }

        Optional<Job<RestoreOutcome, RestoreAttempt>> job = jobs.find(uid);
        if (job.isPresent() && RunLifecycle.isRecorded(current, job.get())) {
            jobs.forget(uid);
            job = Optional.empty();
        }
        RunDecision<RestoreOutcome, RestoreAttempt> decision = lifecycle.decide(current, generation, job, backoffLimit, now);

        if (decision instanceof RunDecision.Wait<RestoreOutcome, RestoreAttempt> wait) {
            return statuses.patchIfChanged(restore, RestoreStatuses.running(current, wait.job(), backoffLimit, now))
                    .rescheduleAfter(pollInterval);
        }
        if (decision instanceof RunDecision.Complete<RestoreOutcome, RestoreAttempt> complete) {
            AccountRestoreStatus done = RestoreStatuses.succeeded(current, complete.job(), now);
            return recheckIfStale(record(restore, done, EventReason.RestoreSucceeded, done.getMessage()), complete.job(), generation);
        }
        if (decision instanceof RunDecision.Fail<RestoreOutcome, RestoreAttempt> fail) {
            AccountRestoreStatus failed = RestoreStatuses.failed(current, fail.job(), backoffLimit, now);
            return recheckIfStale(record(restore, failed, EventReason.RestoreFailed, failed.getMessage()), fail.job(), generation);
        }
        if (decision instanceof RunDecision.RetryLater<RestoreOutcome, RestoreAttempt> retry) {
            AccountRestoreStatus retrying = RestoreStatuses.retrying(current, retry.job(), backoffLimit, retry.at(), now);
            return record(restore, retrying, EventReason.RestoreRetrying, retrying.getMessage())
                    .rescheduleAfter(Duration.between(now, retry.at()).plusMillis(10));
        }
        if (decision instanceof RunDecision.Start<RestoreOutcome, RestoreAttempt> start) {
            return start(restore, start, backoffLimit, now);
        }
        if (decision instanceof RunDecision.GiveUp<RestoreOutcome, RestoreAttempt> giveUp) {
            AccountRestoreStatus failed = RestoreStatuses.interrupted(current, giveUp.attempts(), backoffLimit, generation, now);
            return record(restore, failed, EventReason.RestoreFailed, failed.getMessage());
        }
        if (((RunDecision.Done<RestoreOutcome, RestoreAttempt>) decision).specChanged()) {
            return record(restore, RestoreStatuses.specChangeIgnored(current, generation, now), EventReason.SpecChangeIgnored,
                    RestoreStatuses.SPEC_CHANGE_IGNORED);
        }
        return UpdateControl.noUpdate();
    }

    private UpdateControl<AccountRestore> start(AccountRestore restore, RunDecision.Start<RestoreOutcome, RestoreAttempt> start,
                                                int backoffLimit, Instant now) {
        AccountRestoreSpec spec = restore.getSpec();
        String namespace = restore.getMetadata().getNamespace();
        String name = restore.getMetadata().getName();
        long generation = restore.getMetadata().getGeneration();
        RestoreSource source;
        DatabaseTarget target;
        StoreOpener store;
        String safetyPath = namespace + "/" + name;
        try {
            validator.validate(spec);
            source = RestoreSource.of(restore, client, validator);
            checkSafetyPath(namespace, name, source, safetyPath);
            target = databases.resolve(namespace, source.database());
            store = storage.resolve(namespace, source.storage());
        } catch (BackupException e) {
            AccountRestoreStatus rejected = RestoreStatuses.rejected(restore.getStatus(), e, start.attempt() - 1, generation, now);
            return record(restore, rejected, EventReason.RestoreFailed, e.getMessage());
        }
        String backupId = spec.getBackupId() == null || spec.getBackupId().isBlank() || spec.getBackupId().equals("latest")
                ? null : spec.getBackupId().strip();
        boolean dryRun = Boolean.TRUE.equals(spec.getDryRun());
        TargetTables tables = TargetTables.of(target.describe(), spec.getTables());
        RestoreAttempt attempt = new RestoreAttempt(backupId, store.describe() + "/" + source.path(), tables, dryRun, start.previousError());
        Map<String, String> safetyLabels = Map.of(
                "accountbackup.dev/restore-namespace", namespace,
                "accountbackup.dev/restore-name", name,
                "accountbackup.dev/restore-uid", restore.getMetadata().getUid());
        RestoreJob work = new RestoreJob(engine, store, source.path(), backupId, safetyPath, target,
                spec.getTables() == null ? List.of() : List.copyOf(spec.getTables()), RestoreMode.parse(spec.getMode()), dryRun, safetyLabels);
        Job<RestoreOutcome, RestoreAttempt> job;
        synchronized (startLock) {
            Optional<Job<RestoreOutcome, RestoreAttempt>> blocker = jobs.running().stream()
                    .filter(other -> !other.resource().equals(ResourceID.fromResource(restore)) && other.details().target().overlaps(tables))
                    .findFirst();
            if (blocker.isPresent()) {
                String blockerName = blocker.get().resource().getNamespace().orElse("") + "/" + blocker.get().resource().getName();
                waiting.add(ResourceID.fromResource(restore));
                AccountRestoreStatus waiting = RestoreStatuses.waiting(restore.getStatus(), blockerName, tables, generation, now);
                return record(restore, waiting, EventReason.RestoreWaiting, waiting.getMessage()).rescheduleAfter(pollInterval);
            }
            waiting.remove(ResourceID.fromResource(restore));
            job = jobs.start(restore.getMetadata().getUid(), ResourceID.fromResource(restore), start.attempt(), now, generation, attempt, work);
        }
        AccountRestoreStatus running = RestoreStatuses.running(restore.getStatus(), job, backoffLimit, now);
        return record(restore, running, EventReason.RestoreStarted, running.getMessage()).rescheduleAfter(pollInterval);
    }

    /** Safety backups must never land among the backups of an AccountBackup, where 'latest' would find them. */
    private void checkSafetyPath(String namespace, String name, RestoreSource source, String safetyPath) {
        boolean clashes = safetyPath.equals(source.path())
                || client.resources(AccountBackup.class).inNamespace(namespace).withName(name).get() != null;
        if (clashes) {
            throw BackupException.invalid("this AccountRestore is named like an AccountBackup ('" + name + "'); its safety backups go to "
                    + safetyPath + " and would mix with that AccountBackup's backups: give the AccountRestore another name");
        }
    }

    private UpdateControl<AccountRestore> record(AccountRestore restore, AccountRestoreStatus status, EventReason reason, String message) {
        UpdateControl<AccountRestore> control = statuses.patchIfChanged(restore, status);
        if (!control.isNoUpdate()) {
            events.record(restore, reason, message);
            LOG.info("AccountRestore {}/{}: {}: {}", restore.getMetadata().getNamespace(), restore.getMetadata().getName(), reason, message);
        }
        return control;
    }

    private static UpdateControl<AccountRestore> recheckIfStale(UpdateControl<AccountRestore> control, Job<?, ?> job, long generation) {
        return job.generation() == generation ? control : control.rescheduleAfter(Duration.ofSeconds(1));
    }

    private static int backoffLimit(AccountRestoreSpec spec) {
        return spec == null || spec.getBackoffLimit() == null || spec.getBackoffLimit() < 0 ? DEFAULT_BACKOFF_LIMIT : spec.getBackoffLimit();
    }
}
