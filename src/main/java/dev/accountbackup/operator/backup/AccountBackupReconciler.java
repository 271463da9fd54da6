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
import dev.accountbackup.operator.jobs.Backoff;
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
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.engine.snapshot.CopyTarget;
import dev.accountbackup.engine.snapshot.SnapshotNames;
import dev.accountbackup.engine.snapshot.SnapshotRequest;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.operator.snapshot.RdsFollower;
import dev.accountbackup.operator.snapshot.SnapshotAttempt;
import dev.accountbackup.operator.snapshot.SnapshotSources;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import io.javaoperatorsdk.operator.api.reconciler.Context;
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
import java.util.Optional;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each AccountBackup once. The shared loop ({@link OneShotRuns}) decides and records; this
 * class turns a spec into an export job, which runs on the job executor, never in here.
 */
@ControllerConfiguration(name = AccountBackupReconciler.NAME, triggerReconcilerOnAllEvents = true) // the finalizer only where needed
public final class AccountBackupReconciler implements Reconciler<AccountBackup>, RunStarter<AccountBackup, BackupOutcome, BackupAttempt> {

    public static final String NAME = "accountbackup";
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
    private final RdsFollower rds;

    /**
     * @param rds             follows RDS snapshots off the reconcile thread
     * @param maxScheduleWait the longest a scheduled AccountBackup waits between two decisions (the resync interval)
     */
    public AccountBackupReconciler(JobRunner<BackupOutcome, BackupAttempt> jobs, RunLifecycle lifecycle, DatabaseTargets databases,
                                   StorageResolver storage, BackupEngine engine, RdsFollower rds, EventRecorder events, Clock clock,
                                   Duration pollInterval, Duration maxScheduleWait) {
        this.jobs = jobs;
        this.rds = rds;
        this.databases = databases;
        this.storage = storage;
        this.engine = engine;
        StatusWriter<AccountBackupStatus, AccountBackup> statuses = new StatusWriter<>(AccountBackup::new, clock);
        this.runs = new OneShotRuns<>(jobs, lifecycle, statuses, new BackupStatuses(), events, clock, pollInterval);
        this.scheduled = new ScheduledBackups(jobs, lifecycle, statuses, events, clock, pollInterval, maxScheduleWait, this::prepare);
        this.deletions = new BackupSetDeletion(jobs, events, clock, (namespace, backup) -> {
            validator.validate(backup.getSpec());
            return this.storage.resolve(namespace, backup.getSpec().getStorage());
        });
        jobs.onChange(jobEvents::propagateEvent);
    }

    @Override
    public List<EventSource<?, AccountBackup>> prepareEventSources(EventSourceContext<AccountBackup> context) {
        return List.of(jobEvents);
    }

    @Override
    public UpdateControl<AccountBackup> reconcile(AccountBackup backup, Context<AccountBackup> context) {
        if (context.isPrimaryResourceDeleted()) {
            return UpdateControl.noUpdate(); // gone: its finished job is forgotten by the next reconcile of any other
        }
        // RDS snapshots are never deleted with the resource, only by retention: the README says so
        Optional<UpdateControl<AccountBackup>> finalizing = DeletionFinalizer.reconcile(backup, context,
                () -> deletions.cleanup(backup, locationPath(backup)));
        if (finalizing.isPresent()) {
            return finalizing.get();
        }
        if (backup.getSpec() != null && backup.getSpec().isScheduled()) {
            return scheduled.reconcile(backup, context, backoffLimit(backup.getSpec()));
        }
        return runs.reconcile(backup, context, backoffLimit(backup.getSpec()), this);
    }

    @Override
    public ErrorStatusUpdateControl<AccountBackup> updateErrorStatus(AccountBackup backup, Context<AccountBackup> context, Exception e) {
        return runs.errorStatus(backup, e);
    }

    @Override
    public UpdateControl<AccountBackup> start(AccountBackup backup, RunDecision.Start<BackupOutcome, BackupAttempt> start,
                                              int backoffLimit, Instant now) {
        // a retry or a restart carries on with the same run id: its snapshot is found again by name, its finished export kept
        String resumedId = start.interruptedBackupId() != null
                ? start.interruptedBackupId()
                : jobs.find(backup.getMetadata().getUid()).map(job -> job.details().backupId()).orElse(null);
        PreparedBackup prepared;
        try {
            prepared = prepare(backup, resumedId != null ? resumedId : BackupIds.fromTime(now), resumedId);
        } catch (BackupException e) {
            return runs.rejected(backup, e, start.attempt() - 1, now);
        }
        String namespace = backup.getMetadata().getNamespace();
        if (start.interruptedBackupId() != null) {
            LOG.info("AccountBackup {}/{}: backup {} was interrupted by an operator restart; starting attempt {}",
                    namespace, backup.getMetadata().getName(), start.interruptedBackupId(), start.attempt());
        }
        Job<BackupOutcome, BackupAttempt> job = jobs.start(backup.getMetadata().getUid(), ResourceID.fromResource(backup),
                start.attempt(), now, backup.getMetadata().getGeneration(), prepared.attempt(start.previousError()), prepared.run()::start);
        return runs.started(backup, job, backoffLimit, now);
    }

    /**
     * Validates the spec, reads its Secrets and builds one backup run: the export, the RDS snapshot, or both.
     *
     * @param interruptedBackupId the run id of an earlier attempt of this run, or null
     * @throws BackupException when the spec or its Secrets are wrong
     */
    PreparedBackup prepare(AccountBackup backup, String backupId, String interruptedBackupId) {
        AccountBackupSpec spec = backup.getSpec();
        String namespace = backup.getMetadata().getNamespace();
        validator.validate(spec);
        String path = locationPath(backup);
        BackupJob export = null;
        StoreOpener store = null;
        if (BackupSpecValidator.exportsTables(spec)) {
            DatabaseTarget database = databases.resolve(namespace, spec.getDatabase());
            store = storage.resolve(namespace, spec.getStorage());
            Map<String, String> labels = SnapshotTags.manifestLabels(namespace, backup.getMetadata().getName(), backup.getMetadata().getUid());
            export = new BackupJob(engine, store, path, backupId, interruptedBackupId, database, List.copyOf(spec.getTables()),
                    BackupSpecValidator.compression(spec), labels);
        }
        SnapshotJob snapshot = null;
        SnapshotRetentionScope snapshotRetention = null;
        if (spec.getSnapshot() != null) {
            AwsCredentials credentials = snapshotCredentials(backup);
            snapshot = new SnapshotJob(rds, credentials, new SnapshotAttempt(snapshotRequest(backup, backupId)));
            snapshotRetention = snapshotRetention(backup, credentials);
        }
        int tables = export == null ? 0 : spec.getTables().size();
        return new PreparedBackup(new BackupRun(backupId, export, snapshot), store, path, tables,
                store == null ? null : store.describe() + "/" + path, snapshotRetention);
    }

    /** The scope of snapshot retention: the backup's own region, then its copy regions. */
    private SnapshotRetentionScope snapshotRetention(AccountBackup backup, AwsCredentials credentials) {
        SnapshotSpec snapshot = backup.getSpec().getSnapshot();
        return new SnapshotRetentionScope(rds.connections(), credentials, SnapshotSources.of(snapshot).kind(), SnapshotSources.regions(snapshot),
                SnapshotTags.owner(backup.getMetadata().getNamespace(), backup.getMetadata().getName()));
    }

    private SnapshotRequest snapshotRequest(AccountBackup backup, String runId) {
        String namespace = backup.getMetadata().getNamespace();
        String name = backup.getMetadata().getName();
        SnapshotSpec snapshot = backup.getSpec().getSnapshot();
        List<CopyTarget> copies = snapshot.getCopyTo().stream()
                .map(copy -> new CopyTarget(copy.getRegion(), copy.getKmsKeyId() == null || copy.getKmsKeyId().isBlank() ? null : copy.getKmsKeyId()))
                .toList();
        return new SnapshotRequest(SnapshotSources.of(snapshot), SnapshotNames.forRun(namespace, name, runId),
                SnapshotTags.forRun(namespace, name, runId, snapshot), SnapshotTags.owner(namespace, name), copies);
    }

    private AwsCredentials snapshotCredentials(AccountBackup backup) {
        return storage.awsCredentials(backup.getMetadata().getNamespace(),
                backup.getSpec().getSnapshot().getCredentialsSecret(), "the AWS credentials for RDS snapshots");
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
        return Backoff.limit(spec == null ? null : spec.getBackoffLimit());
    }
}
