package dev.accountbackup.operator.restore;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.Backoff;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.jobs.RunPlacement;
import dev.accountbackup.operator.resolve.SecretReader;
import dev.accountbackup.operator.run.Launch;
import dev.accountbackup.operator.run.ReconcilerParts;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.run.RunKind;
import dev.accountbackup.operator.run.RunListener;
import dev.accountbackup.operator.run.RunLoop;
import dev.accountbackup.operator.status.StatusWriter;
import dev.accountbackup.operator.validation.RestoreSpecValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs each AccountRestore once, through the one run loop ({@link RunLoop}). Restores whose
 * target tables overlap run one after the other: the later one stays Pending, naming the one it
 * waits for (the engine also locks the tables, this makes the wait visible and orderly).
 */
@ControllerConfiguration(
        name = AccountRestoreReconciler.NAME,
        triggerReconcilerOnAllEvents = true) // told of deletions: a restore waiting in line must never start after it
public final class AccountRestoreReconciler
        implements Reconciler<AccountRestore>,
                RunKind<AccountRestore, AccountRestoreStatus, RestoreOutcome, RestoreAttempt> {

    public static final String NAME = "accountrestore";
    private final JobRunner<RestoreOutcome, RestoreAttempt> jobs;
    private final SimpleInboundEventSource<AccountRestore> jobEvents = new SimpleInboundEventSource<>("restore-jobs");
    private final RunLoop<AccountRestore, AccountRestoreStatus, RestoreOutcome, RestoreAttempt> runs;
    private final Clock clock;
    private final Object startLock = new Object();
    private final Set<ResourceID> waiting = ConcurrentHashMap.newKeySet();
    private final RestoreSpecValidator validator = new RestoreSpecValidator();
    private final SnapshotRestores snapshots;
    private final TableRestores tableRestores;
    private InformerEventSource<AccountBackup, AccountRestore> backups;
    private final KubernetesClient client;
    private final RunPlacement placement;
    private volatile IndexedResourceCache<AccountRestore> cache;

    /** @param outcomes told of each recorded end of an attempt (metrics) */
    public AccountRestoreReconciler(
            ReconcilerParts parts,
            JobRunner<RestoreOutcome, RestoreAttempt> jobs,
            KubernetesClient client,
            RunListener<AccountRestore, RestoreOutcome, RestoreAttempt> outcomes) {
        this.jobs = jobs;
        this.placement = parts.placement();
        this.clock = parts.clock();
        this.client = client;
        SecretReader secrets = new SecretReader(client);
        this.snapshots = new SnapshotRestores(parts.storage(), parts.rds(), parts.databases(), secrets);
        this.tableRestores = new TableRestores(parts.databases(), parts.storage(), parts.engine(), validator, secrets);
        this.runs = new RunLoop<>(
                jobs, parts.lifecycle(), new StatusWriter<>(), parts.events(), clock, parts.pollInterval(), outcomes);
        jobs.onChange(id -> {
            jobEvents.propagateEvent(id);
            // restores waiting for tables may go now; those still blocked register again
            List<ResourceID> ready = List.copyOf(waiting);
            waiting.removeAll(ready);
            ready.forEach(jobEvents::propagateEvent);
        });
    }

    /**
     * Besides its jobs, a restore follows the AccountBackup it names, from the informer cache: it is woken as soon as that
     * backup changes (a restore of 'latest' waiting for a running backup starts when the backup finishes).
     */
    @Override
    public List<EventSource<?, AccountRestore>> prepareEventSources(EventSourceContext<AccountRestore> context) {
        cache = context.getPrimaryCache();
        backups = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(AccountBackup.class, AccountRestore.class)
                        .withSecondaryToPrimaryMapper(backup -> context.getPrimaryCache()
                                .list(
                                        backup.getMetadata().getNamespace(),
                                        restore -> namesBackup(
                                                restore, backup.getMetadata().getName()))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
        return List.of(jobEvents, backups);
    }

    /** The AccountRestores the informer holds now (none before the operator starts, or on a standby replica). */
    public List<AccountRestore> cached() {
        IndexedResourceCache<AccountRestore> c = cache;
        return c == null ? List.of() : c.list().toList();
    }

    private static boolean namesBackup(AccountRestore restore, String backupName) {
        return restore.getSpec() != null && backupName.equals(restore.getSpec().getBackupName());
    }

    /**
     * An AccountBackup of the restore's namespace, from the informer cache; only one the cache does not hold (yet: it may
     * have been created a moment ago) is asked of the API server, so that a missing backup is never reported wrongly.
     */
    private Optional<AccountBackup> backup(AccountRestore restore, String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String namespace = restore.getMetadata().getNamespace();
        return backups.get(new ResourceID(name, namespace))
                .or(() -> Optional.ofNullable(client.resources(AccountBackup.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .get()));
    }

    @Override
    public UpdateControl<AccountRestore> reconcile(AccountRestore restore, Context<AccountRestore> context) {
        if (context.isPrimaryResourceDeleted()) {
            jobs.cancelQueued(restore.getMetadata().getUid()); // a restore that already runs is left to end
            return UpdateControl.noUpdate();
        }
        return runs.reconcile(restore, context, backoffLimit(restore.getSpec()), this);
    }

    @Override
    public ErrorStatusUpdateControl<AccountRestore> updateErrorStatus(
            AccountRestore restore, Context<AccountRestore> context, Exception e) {
        return runs.errorStatus(restore, context, status(restore, clock.instant()), e);
    }

    @Override
    public RestoreStatusBuilder status(AccountRestore restore, Instant now) {
        return new RestoreStatusBuilder(
                restore.getStatus(), restore.getMetadata().getGeneration(), now);
    }

    @Override
    public Launch<RestoreOutcome, RestoreAttempt> start(
            AccountRestore restore, RunDecision.Start<RestoreOutcome, RestoreAttempt> start, Instant now) {
        AccountRestoreSpec spec = restore.getSpec();
        String backupId = spec == null
                        || spec.getBackupId() == null
                        || spec.getBackupId().isBlank()
                        || spec.getBackupId().equals("latest")
                ? null
                : spec.getBackupId().strip();
        RestoreAttempt attempt;
        Function<Executor, CompletableFuture<RestoreOutcome>> work;
        validator.validate(spec);
        // read once per start, from the cache
        Optional<AccountBackup> named = backup(restore, spec.getBackupName());
        TableRestores.Prepared tables =
                RestoreSpecValidator.restoresTables(spec) ? tableRestores.prepare(restore, backupId, named) : null;
        SnapshotRestores.Prepared snapshot = spec.getSnapshot() == null
                ? null
                : snapshots.prepare(restore, named, backupId, tables == null ? null : tables.job());
        Phase backupRunning = tables != null ? tables.backupRunning() : snapshot.backupRunning();
        if (backupId == null && backupRunning != null) {
            // "latest" must mean the backup the user is waiting for, not an older one; the backup's informer wakes this
            // restore
            return new Launch.Waiting<>(
                    "WaitingForBackup",
                    "waiting for AccountBackup '" + spec.getBackupName() + "' to complete (it is " + backupRunning
                            + ")",
                    EventReason.RestoreWaiting,
                    false);
        }
        List<String> listed = TableRestores.listed(spec);
        if (snapshot == null) {
            attempt = new RestoreAttempt(
                    backupId,
                    tables.source(),
                    RestoreTargetTables.of(tables.database(), listed),
                    tables.job().dryRun(),
                    true,
                    null,
                    start.previousError());
            work = placement.place(
                    restore,
                    spec.getRunAs(),
                    start.attempt(),
                    tables.job()::call,
                    () -> RestoreJobRun.of(restore, tables.from(), tables.job()))::start;
        } else {
            SnapshotRestoreRun run = snapshot.run();
            // restores into the same new instance wait for each other like restores into the same tables
            attempt = new RestoreAttempt(
                    backupId,
                    tables == null ? null : tables.source(),
                    RestoreTargetTables.of(
                            "new instance " + run.attempt().restoreAs() + " in "
                                    + run.attempt().region(),
                            listed),
                    false,
                    tables != null,
                    run.attempt(),
                    start.previousError());
            work = run::start;
        }
        RestoreTargetTables writes = attempt.target();
        ResourceID id = ResourceID.fromResource(restore);
        synchronized (startLock) {
            Optional<AttemptHandle<RestoreOutcome, RestoreAttempt>> blocker = jobs.running().stream()
                    .filter(other -> !other.resource().equals(id)
                            && other.details().target().overlaps(writes))
                    .findFirst();
            if (blocker.isPresent()) {
                waiting.add(id);
                String blockerName = blocker.get().resource().getNamespace().orElse("") + "/"
                        + blocker.get().resource().getName();
                return new Launch.Waiting<>(
                        "WaitingForOtherRestore",
                        "waiting for AccountRestore " + blockerName + ", which is restoring into the same tables of "
                                + writes.database(),
                        EventReason.RestoreWaiting,
                        true);
            }
            waiting.remove(id);
            return new Launch.Started<>(jobs.start(
                    restore.getMetadata().getUid(),
                    id,
                    start.attempt(),
                    now,
                    restore.getMetadata().getGeneration(),
                    attempt,
                    work));
        }
    }

    /**
     * A table restore in process is never started again by a restart: it may have committed just before it, and running
     * it again unasked could undo what happened since (a Replace deletes the rows created in between). A snapshot
     * restore is resumed: it follows the new instance it created, recognised by its tags, which nothing else writes to
     * yet. A restore in a Kubernetes Job outlives the restart: its Job is adopted, or its report read.
     */
    @Override
    public boolean resumesAfterRestart(AccountRestore restore) {
        AccountRestoreSpec spec = restore.getSpec();
        return spec != null && (spec.getSnapshot() != null || placement.outlivesOperator(spec.getRunAs()));
    }

    private static int backoffLimit(AccountRestoreSpec spec) {
        return Backoff.limit(spec == null ? null : spec.getBackoffLimit());
    }
}
