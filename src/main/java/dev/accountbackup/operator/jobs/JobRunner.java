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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
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
        return startAsync(uid, resource, attempt, startedAt, generation, details, executor -> CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor));
    }

    /**
     * Starts an attempt whose work ends later than the call that starts it (an RDS snapshot followed
     * until available): {@code work} gets the job executor and returns the attempt's outcome.
     *
     * @throws IllegalStateException if a job for this resource is still running
     */
    public Job<T, D> startAsync(String uid, ResourceID resource, int attempt, Instant startedAt, long generation, D details,
                                Function<Executor, CompletableFuture<T>> work) {
        Job<T, D> job = new Job<>(resource, attempt, startedAt, generation, details);
        jobs.compute(uid, (key, previous) -> {
            if (previous != null && previous.isRunning()) {
                throw new IllegalStateException("a job for " + resource + " is still running");
            }
            return job;
        });
        CompletableFuture<T> outcome;
        try {
            outcome = work.apply(executor);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((value, error) -> finish(job, value, error));
        return job;
    }

    private void finish(Job<T, D> job, T value, Throwable error) {
        try {
            if (error == null) {
                job.succeed(value, clock.instant());
            } else {
                job.fail(failure(job, unwrap(error)), clock.instant());
            }
        } finally {
            try {
                onFinished.accept(job.resource());
            } catch (RuntimeException e) {
                LOG.warn("could not trigger a reconcile of {} after its job ended: {}", job.resource(), SafeErrors.describe(e));
            }
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
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
