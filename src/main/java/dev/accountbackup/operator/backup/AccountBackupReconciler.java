package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.snapshot.CopyTarget;
import dev.accountbackup.engine.snapshot.SnapshotNames;
import dev.accountbackup.engine.snapshot.SnapshotRequest;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.operator.BackupEngine;
import dev.accountbackup.operator.erasure.BackupLedger;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.Backoff;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.jobs.RunPlacement;
import dev.accountbackup.operator.jobs.Work;
import dev.accountbackup.operator.resolve.DatabaseTargets;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.resolve.StoreOpener;
import dev.accountbackup.operator.run.Launch;
import dev.accountbackup.operator.run.ReconcilerParts;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.run.RunKind;
import dev.accountbackup.operator.run.RunListener;
import dev.accountbackup.operator.run.RunLoop;
import dev.accountbackup.operator.snapshot.RdsFollower;
import dev.accountbackup.operator.snapshot.SnapshotAttempt;
import dev.accountbackup.operator.snapshot.SnapshotSources;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import dev.accountbackup.operator.status.StatusWriter;
import dev.accountbackup.operator.validation.BackupSpecValidator;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each AccountBackup once, or on its schedule ({@link ScheduledBackups} decides when). The
 * one run loop ({@link RunLoop}) decides and records; this class turns a spec into a backup job,
 * which runs on the job executor, never in here.
 */
@ControllerConfiguration(
        name = AccountBackupReconciler.NAME,
        triggerReconcilerOnAllEvents = true) // the finalizer only where needed
public final class AccountBackupReconciler
        implements Reconciler<AccountBackup>,
                RunKind<AccountBackup, AccountBackupStatus, BackupOutcome, BackupAttempt> {

    public static final String NAME = "accountbackup";
    private static final Logger LOG = LoggerFactory.getLogger(AccountBackupReconciler.class);

    private final JobRunner<BackupOutcome, BackupAttempt> jobs;
    private final SimpleInboundEventSource<AccountBackup> jobEvents = new SimpleInboundEventSource<>("backup-jobs");
    private final RunLoop<AccountBackup, AccountBackupStatus, BackupOutcome, BackupAttempt> runs;
    private final ScheduledBackups scheduled;
    private final BackupSetDeletion deletions;
    private final BackupSpecValidator validator = new BackupSpecValidator();
    private final DatabaseTargets databases;
    private final StorageResolver storage;
    private final BackupEngine engine;
    private final RdsFollower rds;
    private final RunPlacement placement;
    private final Clock clock;
    private volatile IndexedResourceCache<AccountBackup> cache;

    /**
     * @param maxScheduleWait the longest a scheduled AccountBackup waits between two decisions (the resync interval)
     * @param outcomes        told of each recorded end of an attempt (metrics)
     */
    public AccountBackupReconciler(
            ReconcilerParts parts,
            JobRunner<BackupOutcome, BackupAttempt> jobs,
            Duration maxScheduleWait,
            RunListener<AccountBackup, BackupOutcome, BackupAttempt> outcomes) {
        this.jobs = jobs;
        this.placement = parts.placement();
        this.rds = parts.rds();
        this.databases = parts.databases();
        this.storage = parts.storage();
        this.engine = parts.engine();
        this.clock = parts.clock();
        EventRecorder events = parts.events();
        Clock clock = parts.clock();
        this.runs = new RunLoop<>(
                jobs, parts.lifecycle(), new StatusWriter<>(), events, clock, parts.pollInterval(), outcomes);
        this.scheduled = new ScheduledBackups(
                events,
                maxScheduleWait,
                (backup, start, runId, now, settings) -> startAttempt(
                        backup,
                        start,
                        runId,
                        now,
                        prepared -> new BackupThenRetention(
                                prepared.run(),
                                prepared.store(),
                                prepared.locationPath(),
                                new BackupOwnership(
                                        backup.getMetadata().getNamespace(),
                                        backup.getMetadata().getName()),
                                settings.retention(),
                                prepared.snapshotRetention(),
                                clock)::start));
        this.deletions = new BackupSetDeletion(jobs, events, clock, (namespace, backup) -> {
            validator.validate(backup.getSpec());
            return this.storage.resolve(namespace, backup.getSpec().getStorage());
        });
        jobs.onChange(jobEvents::propagateEvent);
    }

    @Override
    public List<EventSource<?, AccountBackup>> prepareEventSources(EventSourceContext<AccountBackup> context) {
        cache = context.getPrimaryCache();
        return List.of(jobEvents);
    }

    /** The AccountBackups the informer holds now (none before the operator starts, or on a standby replica). */
    public List<AccountBackup> cached() {
        IndexedResourceCache<AccountBackup> c = cache;
        return c == null ? List.of() : c.list().toList();
    }

    /** The AccountBackups of the informer, one by one, for the other kinds that name them. */
    public CachedBackups cache() {
        return (namespace, name) -> {
            IndexedResourceCache<AccountBackup> c = cache;
            return c == null ? Optional.empty() : c.get(new ResourceID(name, namespace));
        };
    }

    @Override
    public UpdateControl<AccountBackup> reconcile(AccountBackup backup, Context<AccountBackup> context) {
        if (context.isPrimaryResourceDeleted()) {
            // gone: a run waiting in line never starts; a finished job is forgotten by the next reconcile of any other
            jobs.cancelQueued(backup.getMetadata().getUid());
            return UpdateControl.noUpdate();
        }
        // RDS snapshots are never deleted with the resource, only by retention: the README says so
        Optional<UpdateControl<AccountBackup>> finalizing =
                DeletionFinalizer.reconcile(backup, context, () -> deletions.cleanup(backup, locationPath(backup)));
        if (finalizing.isPresent()) {
            return finalizing.get();
        }
        int backoffLimit = backoffLimit(backup.getSpec());
        if (!isScheduled(backup)) {
            return runs.reconcile(backup, context, backoffLimit, this);
        }
        RunKind<AccountBackup, AccountBackupStatus, BackupOutcome, BackupAttempt> kind;
        try {
            kind = scheduled.kindOf(backup, clock.instant());
        } catch (BackupException e) {
            // a spec edit brings the next reconcile: nothing to retry until then
            return runs.record(
                    backup,
                    context,
                    ScheduledStatusBuilder.invalid(
                            backup.getStatus(), e, backup.getMetadata().getGeneration(), clock.instant()),
                    EventReason.BackupFailed);
        }
        return runs.reconcile(backup, context, backoffLimit, kind);
    }

    @Override
    public ErrorStatusUpdateControl<AccountBackup> updateErrorStatus(
            AccountBackup backup, Context<AccountBackup> context, Exception e) {
        // the scheduled and the one-shot status show a reconcile error alike: the current status with the error
        return runs.errorStatus(backup, context, status(backup, clock.instant()), e);
    }

    @Override
    public BackupStatusBuilder status(AccountBackup backup, Instant now) {
        return new BackupStatusBuilder(backup.getStatus(), backup.getMetadata().getGeneration(), now);
    }

    @Override
    public Launch<BackupOutcome, BackupAttempt> start(
            AccountBackup backup, RunDecision.Start<BackupOutcome, BackupAttempt> start, Instant now) {
        return new Launch.Started<>(
                startAttempt(backup, start, BackupIds.fromTime(now), now, prepared -> prepared.run()::start));
    }

    /**
     * Starts an attempt of a backup run, one-shot or scheduled. A retry or a restart carries on with the same run id:
     * its snapshot is found again by name, its finished export kept.
     *
     * @param newRunId the id of a new run
     * @param work     what the job runs: the backup run, or (scheduled) the run followed by retention
     * @throws BackupException when the spec or its Secrets are wrong
     */
    private AttemptHandle<BackupOutcome, BackupAttempt> startAttempt(
            AccountBackup backup,
            RunDecision.Start<BackupOutcome, BackupAttempt> start,
            String newRunId,
            Instant now,
            Function<PreparedBackup, Function<Executor, CompletableFuture<BackupOutcome>>> work) {
        String resumedId = start.resumed()
                ? backup.getStatus().getBackupId()
                : jobs.find(backup.getMetadata().getUid())
                        .map(job -> job.details().backupId())
                        .orElse(null);
        PreparedBackup prepared = prepare(backup, resumedId != null ? resumedId : newRunId, resumedId, start.attempt());
        return jobs.start(
                backup.getMetadata().getUid(),
                ResourceID.fromResource(backup),
                start.attempt(),
                now,
                backup.getMetadata().getGeneration(),
                prepared.attempt(start.previousError()),
                work.apply(prepared));
    }

    /**
     * Validates the spec, reads its Secrets and builds one backup run: the export, the RDS snapshot, or both.
     *
     * @param interruptedBackupId the run id of an earlier attempt of this run, or null
     * @throws BackupException when the spec or its Secrets are wrong
     */
    private PreparedBackup prepare(AccountBackup backup, String backupId, String interruptedBackupId, int attempt) {
        AccountBackupSpec spec = backup.getSpec();
        String namespace = backup.getMetadata().getNamespace();
        validator.validate(spec);
        String path = locationPath(backup);
        Work<BackupOutcome> export = null;
        StoreOpener store = null;
        if (BackupSpecValidator.exportsTables(spec)) {
            DatabaseTarget database = databases.resolve(namespace, spec.getDatabase());
            store = storage.resolve(namespace, spec.getStorage());
            Map<String, String> labels = SnapshotTags.manifestLabels(
                    namespace,
                    backup.getMetadata().getName(),
                    backup.getMetadata().getUid());
            TableExportTask task = new TableExportTask(
                    engine,
                    store,
                    path,
                    backupId,
                    interruptedBackupId,
                    database,
                    List.copyOf(spec.getTables()),
                    BackupSpecValidator.compression(spec),
                    spec.getParallelism(),
                    labels);
            export = placement.place(backup, spec.getRunAs(), attempt, task::call, () -> ExportJobRun.of(spec, task));
        }
        SnapshotJob snapshot = null;
        SnapshotRetentionScope snapshotRetention = null;
        if (spec.getSnapshot() != null) {
            if (store == null) {
                // refused here, on the backup, rather than at its first erasure or restore
                BackupLedger.resolve(storage, namespace, backup.getMetadata().getName(), spec);
            }
            AwsCredentials credentials = snapshotCredentials(backup);
            snapshot = new SnapshotJob(rds, credentials, new SnapshotAttempt(snapshotRequest(backup, backupId)));
            snapshotRetention = snapshotRetention(backup, credentials);
        }
        int tables = export == null ? 0 : spec.getTables().size();
        return new PreparedBackup(
                new ExportAndSnapshot(backupId, export, snapshot),
                store,
                path,
                tables,
                store == null ? null : store.describe() + "/" + path,
                snapshotRetention);
    }

    /** The scope of snapshot retention: the backup's own region, then its copy regions. */
    private SnapshotRetentionScope snapshotRetention(AccountBackup backup, AwsCredentials credentials) {
        SnapshotSpec snapshot = backup.getSpec().getSnapshot();
        return new SnapshotRetentionScope(
                rds.connections(),
                credentials,
                SnapshotSources.of(snapshot).kind(),
                SnapshotSources.regions(snapshot),
                SnapshotTags.owner(
                        backup.getMetadata().getNamespace(),
                        backup.getMetadata().getName()));
    }

    private SnapshotRequest snapshotRequest(AccountBackup backup, String runId) {
        String namespace = backup.getMetadata().getNamespace();
        String name = backup.getMetadata().getName();
        SnapshotSpec snapshot = backup.getSpec().getSnapshot();
        List<CopyTarget> copies = snapshot.getCopyTo().stream()
                .map(copy -> new CopyTarget(
                        copy.getRegion(),
                        copy.getKmsKeyId() == null || copy.getKmsKeyId().isBlank() ? null : copy.getKmsKeyId()))
                .toList();
        return new SnapshotRequest(
                SnapshotSources.of(snapshot),
                SnapshotNames.forRun(namespace, name, runId),
                SnapshotTags.forRun(namespace, name, runId, snapshot),
                SnapshotTags.owner(namespace, name),
                copies);
    }

    private AwsCredentials snapshotCredentials(AccountBackup backup) {
        return storage.awsCredentials(
                backup.getMetadata().getNamespace(),
                backup.getSpec().getSnapshot().getCredentialsSecret(),
                "the AWS credentials for RDS snapshots");
    }

    /** No attempt will follow an interrupted one: remove what it wrote, off the reconcile thread. */
    @Override
    public void giveUp(AccountBackup backup) {
        String backupId = backup.getStatus().getBackupId();
        if (backupId == null || backup.getSpec() == null || !BackupSpecValidator.exportsTables(backup.getSpec())) {
            return;
        }
        String path = locationPath(backup);
        try {
            validator.validate(backup.getSpec());
            StoreOpener store = storage.resolve(
                    backup.getMetadata().getNamespace(), backup.getSpec().getStorage());
            jobs.runDetached("removing the incomplete backup " + backupId + " of " + path, () -> {
                try (var opened = store.open()) {
                    TableExportTask.discardIncomplete(new BackupLocation(opened, path), backupId);
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

    private static boolean isScheduled(AccountBackup backup) {
        return backup.getSpec() != null && backup.getSpec().isScheduled();
    }

    private static int backoffLimit(AccountBackupSpec spec) {
        return Backoff.limit(spec == null ? null : spec.getBackoffLimit());
    }
}
