package dev.accountbackup.operator.metrics;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.operator.backup.BackupAttempt;
import dev.accountbackup.operator.backup.BackupOutcome;
import dev.accountbackup.operator.jobs.JobQueueStats;
import dev.accountbackup.operator.restore.RestoreAttempt;
import dev.accountbackup.operator.restore.RestoreOutcome;
import dev.accountbackup.operator.run.RunListener;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Everything the operator shows Prometheus, in one registry per running operator: the JVM's metrics, the Java
 * Operator SDK's reconciliations, the operator's job line and leadership, and per AccountBackup and AccountRestore
 * the counters of their runs and the gauges read from their status before each scrape.
 */
public final class OperatorMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final BackupRunCounters backupRuns = new BackupRunCounters(registry);
    private final RestoreRunCounters restoreRuns = new RestoreRunCounters(registry);
    private final BackupGauges backupGauges = new BackupGauges(registry);
    private final RestoreGauges restoreGauges = new RestoreGauges(registry);
    private final Clock clock;
    private volatile Supplier<List<AccountBackup>> backups = List::of;
    private volatile Supplier<List<AccountRestore>> restores = List::of;

    /** @param clock the operator's clock, which decides when scheduled backups are due */
    public OperatorMetrics(Clock clock) {
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The Java Operator SDK's reconciliation metrics, per controller (not per resource, to keep series few). */
    public Metrics reconciliations() {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }

    public RunListener<AccountBackup, BackupOutcome, BackupAttempt> backupRuns() {
        return backupRuns;
    }

    public RunListener<AccountRestore, RestoreOutcome, RestoreAttempt> restoreRuns() {
        return restoreRuns;
    }

    /**
     * Starts showing the resources and the operator's state.
     *
     * @param backups  the AccountBackups in the informer cache now
     * @param restores the AccountRestores in the informer cache now
     * @param leading  whether this replica holds the leader lease
     */
    public void observe(
            Supplier<List<AccountBackup>> backups,
            Supplier<List<AccountRestore>> restores,
            JobQueueStats jobs,
            BooleanSupplier leading) {
        this.backups = backups;
        this.restores = restores;
        OperatorGauges.register(registry, jobs, leading);
    }

    /** The metrics in Prometheus' text format, the resources' gauges read from the caches now. */
    public synchronized String scrape() {
        List<AccountBackup> liveBackups = backups.get();
        List<AccountRestore> liveRestores = restores.get();
        backupRuns.prepare(liveBackups);
        restoreRuns.prepare(liveRestores);
        backupGauges.refresh(liveBackups, clock.instant());
        restoreGauges.refresh(liveRestores);
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
