package dev.accountbackup.operator.erasure;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountErasure;
import dev.accountbackup.api.AccountErasureSpec;
import dev.accountbackup.api.AccountErasureStatus;
import dev.accountbackup.api.RetentionSpec;
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.catalog.QualifiedName;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.retention.RetentionPolicy;
import dev.accountbackup.operator.backup.CachedBackups;
import dev.accountbackup.operator.jobs.Backoff;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.resolve.SecretReader;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.resolve.StoreOpener;
import dev.accountbackup.operator.run.Launch;
import dev.accountbackup.operator.run.ReconcilerParts;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.run.RunKind;
import dev.accountbackup.operator.run.RunListener;
import dev.accountbackup.operator.run.RunLoop;
import dev.accountbackup.operator.snapshot.RdsConnections;
import dev.accountbackup.operator.snapshot.SnapshotSources;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import dev.accountbackup.operator.status.StatusWriter;
import dev.accountbackup.operator.validation.BackupSpecValidator;
import dev.accountbackup.operator.validation.ErasureSpecValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs each AccountErasure once, through the one run loop ({@link RunLoop}): the Secret and the storage are resolved
 * here, the ledger entry, the purge and the snapshot listing run on a job thread ({@link ErasureJob}). An attempt cut
 * short by a restart is run again: recording finds the entry written before, purging finds the backups purged before.
 */
@ControllerConfiguration(
        name = AccountErasureReconciler.NAME,
        triggerReconcilerOnAllEvents = true) // told of deletions: an erasure withdrawn while in line never starts
public final class AccountErasureReconciler
        implements Reconciler<AccountErasure>,
                RunKind<AccountErasure, AccountErasureStatus, ErasureOutcome, ErasureAttempt> {

    public static final String NAME = "accounterasure";

    private final JobRunner<ErasureOutcome, ErasureAttempt> jobs;
    private final SimpleInboundEventSource<AccountErasure> jobEvents = new SimpleInboundEventSource<>("erasure-jobs");
    private final RunLoop<AccountErasure, AccountErasureStatus, ErasureOutcome, ErasureAttempt> runs;
    private final ErasureSpecValidator validator = new ErasureSpecValidator();
    private final KubernetesClient client;
    private final CachedBackups backups;
    private final StorageResolver storage;
    private final SecretReader secrets;
    private final RdsConnections rds;
    private final Clock clock;

    /**
     * Erasures always run on the job threads: {@code parts.placement()} is not asked.
     *
     * @param backups the AccountBackups an erasure may name, as the operator's informer holds them
     */
    public AccountErasureReconciler(
            ReconcilerParts parts,
            JobRunner<ErasureOutcome, ErasureAttempt> jobs,
            KubernetesClient client,
            CachedBackups backups) {
        this.jobs = jobs;
        this.client = client;
        this.backups = backups;
        this.storage = parts.storage();
        this.secrets = new SecretReader(client);
        this.rds = parts.engine().rds();
        this.clock = parts.clock();
        this.runs = new RunLoop<>(
                jobs,
                parts.lifecycle(),
                new StatusWriter<>(),
                parts.events(),
                parts.clock(),
                parts.pollInterval(),
                RunListener.none());
        jobs.onChange(jobEvents::propagateEvent);
    }

    @Override
    public List<EventSource<?, AccountErasure>> prepareEventSources(EventSourceContext<AccountErasure> context) {
        return List.of(jobEvents);
    }

    @Override
    public UpdateControl<AccountErasure> reconcile(AccountErasure erasure, Context<AccountErasure> context) {
        if (context.isPrimaryResourceDeleted()) {
            jobs.cancelQueued(erasure.getMetadata().getUid()); // one that already runs is left to end
            return UpdateControl.noUpdate();
        }
        return runs.reconcile(erasure, context, Backoff.limit(backoffLimit(erasure.getSpec())), this);
    }

    @Override
    public ErrorStatusUpdateControl<AccountErasure> updateErrorStatus(
            AccountErasure erasure, Context<AccountErasure> context, Exception e) {
        return runs.errorStatus(erasure, context, status(erasure, clock.instant()), e);
    }

    @Override
    public ErasureStatusBuilder status(AccountErasure erasure, Instant now) {
        return new ErasureStatusBuilder(
                erasure.getStatus(), erasure.getMetadata().getGeneration(), now);
    }

    @Override
    public Launch<ErasureOutcome, ErasureAttempt> start(
            AccountErasure erasure, RunDecision.Start<ErasureOutcome, ErasureAttempt> start, Instant now) {
        AccountErasureSpec spec = erasure.getSpec();
        AccountSelection accounts = validator.validate(spec);
        String namespace = erasure.getMetadata().getNamespace();
        AccountBackup named = spec.getBackupName() == null ? null : namedBackup(namespace, spec.getBackupName());
        if (named != null) {
            checkBackedUp(spec.getBackupName(), named.getSpec(), accounts.root());
        }
        // the key first: a missing Secret keeps the erasure Pending until it is applied
        ErasureHasher hasher = ErasureKeySecret.of(
                        secrets,
                        namespace,
                        spec.getErasureKeySecret(),
                        "the erasure hash key, which hashes the erased accounts' keys for the ledger")
                .get();
        StoreOpener store = named == null
                ? storage.resolve(namespace, spec.getStorage())
                : ledgerOf(namespace, spec.getBackupName(), named);
        boolean purge = Boolean.TRUE.equals(spec.getPurgeBackups());
        ErasureProgress progress = new ErasureProgress();
        ErasureJob job = new ErasureJob(
                store,
                namespace,
                accounts.root(),
                List.copyOf(accounts.selector().requestedKeys()),
                spec.getReference().strip(),
                hasher,
                purge,
                named == null ? null : snapshots(named),
                progress,
                clock);
        ErasureAttempt attempt = new ErasureAttempt(
                store.describe() + "/" + namespace + "/" + ErasureLedger.FOLDER + "/",
                purge,
                progress,
                start.previousError());
        return new Launch.Started<>(jobs.start(
                erasure.getMetadata().getUid(),
                ResourceID.fromResource(erasure),
                start.attempt(),
                now,
                erasure.getMetadata().getGeneration(),
                attempt,
                slots -> CompletableFuture.supplyAsync(job, slots)));
    }

    /**
     * The AccountBackup as the informer holds it; the API server is asked only for one the informer does not hold
     * (yet: it may have been created a moment ago), so that a missing backup is never reported wrongly.
     */
    private AccountBackup namedBackup(String namespace, String name) {
        AccountBackup backup = backups.get(namespace, name)
                .orElseGet(() -> client.resources(AccountBackup.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .get());
        if (backup == null || backup.getSpec() == null) {
            throw BackupException.invalid("AccountBackup '" + name + "' not found in namespace '" + namespace
                    + "': set backupName to an existing AccountBackup, or name the storage of the namespace's backups");
        }
        return backup;
    }

    /** The ledger the named AccountBackup's restores apply: beside its backups, or its snapshot.erasureLedger. */
    private StoreOpener ledgerOf(String namespace, String name, AccountBackup backup) {
        StoreOpener ledger = BackupLedger.resolve(storage, namespace, name, backup.getSpec());
        if (ledger == null) {
            throw BackupException.invalid("AccountBackup '" + name + "' keeps only RDS snapshots and names no erasure"
                    + " ledger: set its " + BackupSpecValidator.ERASURE_LEDGER_FIELD + " to the storage of the"
                    + " namespace's erasure ledger (so that its snapshot restores apply this erasure), or name that"
                    + " storage in this AccountErasure's storage instead of backupName");
        }
        return ledger;
    }

    /**
     * An erasure of accounts whose root table the backups do not hold would protect nothing: most likely a typo. A
     * backup that keeps only RDS snapshots holds every table.
     */
    private static void checkBackedUp(String backupName, AccountBackupSpec backup, String root) {
        if (!BackupSpecValidator.exportsTables(backup)) {
            return;
        }
        QualifiedName wanted = QualifiedName.parse(root);
        boolean held =
                backup.getTables().stream().anyMatch(t -> QualifiedName.parse(t).mayBeSameTable(wanted));
        if (!held) {
            throw BackupException.invalid("accounts.root " + root + " is not a table AccountBackup '" + backupName
                    + "' backs up (" + String.join(", ", backup.getTables())
                    + "): name the root table of the accounts as the backup lists it");
        }
    }

    /** The named AccountBackup's snapshots and its retention; null when it takes none. */
    private SnapshotsBeforeErasure snapshots(AccountBackup backup) {
        SnapshotSpec snapshot = backup.getSpec().getSnapshot();
        if (snapshot == null) {
            return null;
        }
        String namespace = backup.getMetadata().getNamespace();
        String name = backup.getMetadata().getName();
        RetentionSpec r = backup.getSpec().getRetention();
        RetentionPolicy retention = r == null
                ? RetentionPolicy.keepAll()
                : RetentionPolicy.parse(r.getKeepLast(), r.getMaxAge(), r.getKeepFailed());
        String schedule = backup.getSpec().getSchedule();
        return new SnapshotsBeforeErasure(
                name,
                rds,
                storage.awsCredentials(
                        namespace, snapshot.getCredentialsSecret(), "the AWS credentials for RDS snapshots"),
                SnapshotSources.of(snapshot).kind(),
                SnapshotSources.regions(snapshot),
                SnapshotTags.owner(namespace, name),
                retention,
                schedule != null && !schedule.isBlank());
    }

    private static Integer backoffLimit(AccountErasureSpec spec) {
        return spec == null ? null : spec.getBackoffLimit();
    }
}
