package dev.accountbackup.operator.jobs;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.jobs.Job.State;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the long work of a reconciler (exports, restores) on a bounded executor, so that no
 * reconcile call ever waits for it. Jobs are keyed by the resource's UID: at most one per
 * resource. When a job ends, {@code onFinished} is told, so the resource gets reconciled again
 * and picks up the outcome.
 */
public final class JobRunner<T, D> {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, Job<T, D>> jobs = new ConcurrentHashMap<>();
    private volatile Consumer<ResourceID> onFinished = id -> { };

    public JobRunner(ExecutorService executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    /** Who to tell when a job ends (the reconciler's inbound event source). */
    public void onFinished(Consumer<ResourceID> listener) {
        this.onFinished = listener;
    }

    /**
     * Starts an attempt for a resource, replacing the finished job it may still hold.
     *
     * @throws IllegalStateException if a job for this resource is still running
     */
    public Job<T, D> start(String uid, ResourceID resource, int attempt, Instant startedAt, long generation, D details, Callable<T> work) {
        Job<T, D> job = new Job<>(resource, attempt, startedAt, generation, details);
        jobs.compute(uid, (key, previous) -> {
            if (previous != null && previous.isRunning()) {
                throw new IllegalStateException("a job for " + resource + " is still running");
            }
            return job;
        });
        executor.execute(() -> run(job, work));
        return job;
    }

    private void run(Job<T, D> job, Callable<T> work) {
        try {
            job.succeed(work.call(), clock.instant());
        } catch (Exception e) {
            job.fail(failure(job, e), clock.instant());
        } catch (Error e) {
            // out of memory and the like: record the failure so the resource does not stay Running, then let it propagate
            job.fail(failure(job, e), clock.instant());
            throw e;
        } finally {
            try {
                onFinished.accept(job.resource());
            } catch (RuntimeException e) {
                LOG.warn("could not trigger a reconcile of {} after its job ended: {}", job.resource(), SafeErrors.describe(e));
            }
        }
    }

    private static BackupException failure(Job<?, ?> job, Throwable t) {
        if (!(t instanceof BackupException)) {
            // where it happened helps to find a bug; the message may quote data, so it is left out
            LOG.error("job for {} failed unexpectedly: {}", job.resource(), SafeErrors.describe(t));
        }
        return SafeErrors.toBackupException(t);
    }

    /** Runs housekeeping that no status waits for (e.g. removing leftovers) on the job executor. */
    public void runDetached(String what, Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", what, e instanceof BackupException ? e.getMessage() : SafeErrors.describe(e));
            }
        });
    }

    /** Runs housekeeping whose result a later reconcile picks up (e.g. deleting a backup set) on the job executor. */
    public <V> java.util.concurrent.CompletableFuture<V> supplyDetached(java.util.function.Supplier<V> task) {
        return java.util.concurrent.CompletableFuture.supplyAsync(task, executor);
    }

    public Optional<Job<T, D>> find(String uid) {
        return Optional.ofNullable(jobs.get(uid));
    }

    /** Drops a finished job once its outcome is recorded. A running job is kept. */
    public void forget(String uid) {
        jobs.computeIfPresent(uid, (k, job) -> job.state() == State.RUNNING ? job : null);
    }

    /** Drops finished jobs of resources that no longer exist (deleted while their job ran). */
    public void forgetFinishedOf(java.util.function.Predicate<ResourceID> deleted) {
        jobs.values().removeIf(job -> !job.isRunning() && deleted.test(job.resource()));
    }

    /** The jobs running now, of every resource. */
    public List<Job<T, D>> running() {
        return jobs.values().stream().filter(Job::isRunning).toList();
    }
}
