package dev.accountbackup.operator.metrics;

import dev.accountbackup.operator.jobs.JobQueueStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** The operator's own gauges: its job line and whether this replica leads. */
final class OperatorGauges {

    static final String JOBS_RUNNING = "accountbackup.operator.jobs.running";
    static final String JOBS_QUEUED = "accountbackup.operator.jobs.queued";
    static final String OLDEST_QUEUED = "accountbackup.operator.oldest.queued.job.wait";
    static final String LEADER = "accountbackup.operator.leader";

    private OperatorGauges() {}

    /** The gauges hold {@code jobs} and {@code leading} strongly, so they read for as long as the registry lives. */
    static void register(MeterRegistry registry, JobQueueStats jobs, BooleanSupplier leading) {
        Gauge.builder(JOBS_RUNNING, jobs, JobQueueStats::running)
                .description("Exports and restores working on a job thread now")
                .strongReference(true)
                .register(registry);
        Gauge.builder(JOBS_QUEUED, jobs, JobQueueStats::queued)
                .description("Exports and restores waiting for a free job thread (ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS)")
                .strongReference(true)
                .register(registry);
        Gauge.builder(OLDEST_QUEUED, jobs, OperatorGauges::oldestWait)
                .baseUnit("seconds")
                .description("How long the job that has waited longest for a thread has waited; 0 when none waits")
                .strongReference(true)
                .register(registry);
        Gauge.builder(LEADER, leading, l -> l.getAsBoolean() ? 1 : 0)
                .description("1 on the replica that holds the leader lease and runs backups, 0 on a standby")
                .strongReference(true) // nothing else holds the supplier: a weak reference would read NaN after a GC
                .register(registry);
    }

    private static double oldestWait(JobQueueStats jobs) {
        return jobs.oldestQueuedSince()
                .map(since -> Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0))
                .orElse(0.0);
    }
}
