package dev.accountbackup.operator;

import dev.accountbackup.operator.backup.AccountBackupReconciler;
import dev.accountbackup.operator.backup.BackupAttempt;
import dev.accountbackup.operator.backup.BackupOutcome;
import dev.accountbackup.operator.erasure.AccountErasureReconciler;
import dev.accountbackup.operator.erasure.ErasureAttempt;
import dev.accountbackup.operator.erasure.ErasureOutcome;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.health.HealthServer;
import dev.accountbackup.operator.jobs.Backoff;
import dev.accountbackup.operator.jobs.JobExecutors;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.jobs.RunDispatcher;
import dev.accountbackup.operator.jobs.RunPlacement;
import dev.accountbackup.operator.jobs.batch.BatchRuns;
import dev.accountbackup.operator.jobs.batch.KubernetesJobs;
import dev.accountbackup.operator.jobs.batch.OwnImage;
import dev.accountbackup.operator.metrics.MetricsEndpoint;
import dev.accountbackup.operator.metrics.OperatorMetrics;
import dev.accountbackup.operator.resolve.DatabaseTargets;
import dev.accountbackup.operator.resolve.SecretReader;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.restore.AccountRestoreReconciler;
import dev.accountbackup.operator.restore.RestoreAttempt;
import dev.accountbackup.operator.restore.RestoreOutcome;
import dev.accountbackup.operator.run.ReconcilerParts;
import dev.accountbackup.operator.run.RunLifecycle;
import dev.accountbackup.operator.snapshot.RdsFollower;
import dev.accountbackup.operator.snapshot.StepFollower;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the operator: its controllers, the job executor, leader election, the health
 * endpoints and the metrics. {@link #run} is what the {@code operator} command calls; {@link #start} runs it
 * against a given client (the demo's in-process API server, tests) and returns a handle to stop it.
 */
public final class OperatorRunner {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorRunner.class);
    /** Throttled or failed RDS calls in a row waited out while following a snapshot, before the attempt fails (and is retried). */
    private static final int TRANSIENT_RDS_FAILURES_TOLERATED = 5;

    private OperatorRunner() {}

    /** Runs in the current cluster context until the JVM is asked to stop. */
    public static void run(OperatorSettings settings) throws InterruptedException {
        KubernetesClient client = new KubernetesClientBuilder().build();
        RunningOperator operator = start(client, settings);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping");
                            operator.stop();
                            client.close();
                        },
                        "operator-shutdown"));
        operator.awaitStop();
        if (operator.failure() != null) {
            throw new IllegalStateException(operator.failure() + "; exiting so that this replica restarts");
        }
    }

    public static RunningOperator start(KubernetesClient client, OperatorSettings settings) {
        return start(client, settings, BackupEngine.standard());
    }

    /** Starts with another engine, e.g. one that lets a test hold a job at a chosen point. */
    public static RunningOperator start(KubernetesClient client, OperatorSettings settings, BackupEngine engine) {
        return start(client, settings, engine, Clock.systemUTC());
    }

    /** Starts with a given clock, which decides when scheduled backups are due (tests move it forward). */
    public static RunningOperator start(
            KubernetesClient client, OperatorSettings settings, BackupEngine engine, Clock clock) {
        ExecutorService executor = JobExecutors.bounded(settings.caps().total());
        // one line for exports and restores alike: the caps count both
        RunDispatcher dispatcher =
                new RunDispatcher(settings.caps().total(), settings.caps().perNamespace(), clock);
        OperatorMetrics metrics = new OperatorMetrics(clock);
        RunLifecycle lifecycle = new RunLifecycle(new Backoff(
                settings.timing().retryBaseDelay(), settings.timing().retryMaxDelay()));
        SecretReader secrets = new SecretReader(client);
        DatabaseTargets databases = new DatabaseTargets(secrets);
        StorageResolver storage = new StorageResolver(secrets, settings.tenancy(), clock);
        EventRecorder events = new EventRecorder(client, clock);
        ScheduledExecutorService rdsScheduler = JobExecutors.scheduler("account-backup-rds", 2);
        RdsFollower rds = new RdsFollower(
                engine.rds(),
                new StepFollower(rdsScheduler, settings.timing().pollInterval(), TRANSIENT_RDS_FAILURES_TOLERATED));
        KubernetesJobs kubernetesJobs = new KubernetesJobs(
                client,
                settings.cluster().watchNamespaces(),
                new OwnImage(client, settings.batchJobs().image(), System.getenv()));
        RunPlacement placement = new RunPlacement(
                settings.batchJobs().defaultMode(), new BatchRuns(kubernetesJobs, settings.batchJobs()));
        ReconcilerParts parts = new ReconcilerParts(
                placement,
                lifecycle,
                databases,
                storage,
                engine,
                rds,
                events,
                clock,
                settings.timing().pollInterval());
        AccountBackupReconciler backups = new AccountBackupReconciler(
                parts,
                new JobRunner<BackupOutcome, BackupAttempt>(dispatcher, executor, clock),
                settings.timing().resyncInterval(),
                metrics.backupRuns());
        AccountRestoreReconciler restores = new AccountRestoreReconciler(
                parts,
                new JobRunner<RestoreOutcome, RestoreAttempt>(dispatcher, executor, clock),
                client,
                metrics.restoreRuns());
        AccountErasureReconciler erasures = new AccountErasureReconciler(
                parts,
                new JobRunner<ErasureOutcome, ErasureAttempt>(dispatcher, executor, clock),
                client,
                backups.cache());

        AtomicBoolean leading = new AtomicBoolean(!settings.cluster().leaderElection());
        AtomicReference<RunningOperator> started = new AtomicReference<>();
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(settings.cluster().useServerSideApply())
                    .withCacheSyncTimeout(Duration.ofMinutes(1))
                    .withMetrics(metrics.reconciliations())
                    // JOSDK's default ends the JVM when a watch fails for good: stop this operator instead, so that
                    // run() exits with the reason and an operator embedded in a larger process (demo, tests) ends alone
                    .withInformerStoppedHandler((informer, error) -> {
                        RunningOperator running = started.get();
                        if (error != null && running != null) {
                            LOG.error("a watch failed and cannot recover; stopping the operator", error);
                            running.stopBecause("a watch failed: " + error);
                        }
                    });
            if (settings.cluster().leaderElection()) {
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
                        settings.cluster().leaseName(),
                        settings.cluster().leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        leaseIdentity(),
                        new LeaderCallbacks(
                                () -> leading.set(true),
                                () -> {
                                    leading.set(false);
                                    // never reconcile without the lease: another replica may hold it now
                                    RunningOperator running = started.get();
                                    if (running != null) {
                                        running.stopBecause("lost the leader lease");
                                    }
                                },
                                leader -> LOG.info("leader is {}", leader)),
                        false));
            }
        });
        operator.register(
                backups,
                c -> watch(c, settings)
                        .withReconciliationMaxInterval(settings.timing().resyncInterval()));
        operator.register(
                restores,
                c -> watch(c, settings)
                        .withReconciliationMaxInterval(settings.timing().resyncInterval()));
        operator.register(
                erasures,
                c -> watch(c, settings)
                        .withReconciliationMaxInterval(settings.timing().resyncInterval()));
        metrics.observe(backups::cached, restores::cached, dispatcher, leading::get);

        HealthServer health = null;
        HealthServer metricsServer = null;
        try {
            if (settings.ports().health() >= 0) {
                // a standby replica, or one still starting, is alive; a running leader also needs healthy informers
                health = HealthServer.start(
                        settings.ports().health(),
                        () -> !leading.get() || !operator.getRuntimeInfo().isStarted() || healthy(operator),
                        () -> operator.getRuntimeInfo().isStarted());
            }
            if (settings.ports().metrics() >= 0) {
                // served by a standby replica too: it shows that it is up, and not leading
                if (health != null
                        && settings.ports().metrics() == settings.ports().health()) {
                    metricsServer = health;
                } else {
                    metricsServer = HealthServer.listen(settings.ports().metrics(), "/metrics");
                }
                metricsServer.serve("/metrics", new MetricsEndpoint(metrics));
            }
            operator.start();
        } catch (RuntimeException e) {
            if (health != null) {
                health.close();
            }
            if (metricsServer != null && metricsServer != health) {
                metricsServer.close();
            }
            metrics.close();
            executor.shutdownNow();
            rdsScheduler.shutdownNow();
            kubernetesJobs.close();
            throw e;
        }
        LOG.info(
                "account-backup-operator started: watching {}, leader election {}, server-side apply {}",
                settings.cluster().watchNamespaces().isEmpty()
                        ? "all namespaces"
                        : settings.cluster().watchNamespaces(),
                settings.cluster().leaderElection()
                        ? "on (Lease " + settings.cluster().leaseNamespace() + "/"
                                + settings.cluster().leaseName() + ")"
                        : "off",
                settings.cluster().useServerSideApply() ? "on" : "off");
        RunningOperator running = new RunningOperator(
                operator, health, metricsServer, metrics, List.of(executor, rdsScheduler), kubernetesJobs);
        started.set(running);
        return running;
    }

    /** Unique per process, so that two processes on one host (or a restarted container) never share the lease. */
    private static String leaseIdentity() {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "account-backup-operator" : host) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    private static <R extends HasMetadata> ControllerConfigurationOverrider<R> watch(
            ControllerConfigurationOverrider<R> c, OperatorSettings s) {
        return s.cluster().watchNamespaces().isEmpty()
                ? c.watchingAllNamespaces()
                : c.settingNamespaces(s.cluster().watchNamespaces());
    }

    private static boolean healthy(Operator operator) {
        try {
            return operator.getRuntimeInfo().allEventSourcesAreHealthy();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
