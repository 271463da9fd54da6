package dev.accountbackup.operator.jobs;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.jobs.AttemptHandle.State;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the long work of a reconciler (exports, restores) on a bounded executor, so that no
 * reconcile call ever waits for it. Jobs are keyed by the resource's UID: at most one per
 * resource. When a job leaves the line for a free thread and when it ends, {@code onChange} is
 * told, so the resource gets reconciled again and shows it.
 */
public final class JobRunner<T, D> {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, AttemptHandle<T, D>> jobs = new ConcurrentHashMap<>();
    private volatile Consumer<ResourceID> onChange = id -> {};

    public JobRunner(ExecutorService executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    /** Who to tell when a job starts working after waiting for a thread, and when it ends (the reconciler's inbound event source). */
    public void onChange(Consumer<ResourceID> listener) {
        this.onChange = listener;
    }

    /**
     * Starts an attempt for a resource, replacing the finished job it may still hold. {@code work}
     * gets the job executor, runs its long parts there (and may follow an RDS snapshot elsewhere
     * meanwhile), and returns the attempt's outcome. While a part waits in line for a thread, the job
     * says so.
     *
     * @throws IllegalStateException if a job for this resource is still running
     */
    public AttemptHandle<T, D> start(
            String uid,
            ResourceID resource,
            int attempt,
            Instant startedAt,
            long generation,
            D details,
            Function<Executor, CompletableFuture<T>> work) {
        AttemptHandle<T, D> job = register(uid, new AttemptHandle<>(resource, attempt, startedAt, generation, details));
        Executor tracked = task -> {
            if (allThreadsBusy()) {
                job.waitForSlot();
            }
            executor.execute(() -> {
                if (job.leaveQueue()) {
                    tell(job);
                }
                task.run();
            });
        };
        CompletableFuture<T> outcome;
        try {
            outcome = work.apply(tracked);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((value, error) -> finish(job, value, error));
        return job;
    }

    /** Whether a job submitted now waits in line (an estimate: a thread may free up meanwhile, which the job then reports). */
    private boolean allThreadsBusy() {
        return executor instanceof ThreadPoolExecutor pool
                && pool.getActiveCount() + pool.getQueue().size() >= pool.getMaximumPoolSize();
    }

    private AttemptHandle<T, D> register(String uid, AttemptHandle<T, D> job) {
        jobs.compute(uid, (key, previous) -> {
            if (previous != null && previous.isRunning()) {
                throw new IllegalStateException("a job for " + job.resource() + " is still running");
            }
            return job;
        });
        return job;
    }

    private void finish(AttemptHandle<T, D> job, T value, Throwable error) {
        try {
            if (error == null) {
                job.succeed(value, clock.instant());
            } else {
                job.fail(failure(job, unwrap(error)), clock.instant());
            }
        } finally {
            tell(job);
        }
    }

    private void tell(AttemptHandle<T, D> job) {
        try {
            onChange.accept(job.resource());
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not trigger a reconcile of {} after its job changed: {}",
                    job.resource(),
                    SafeErrors.describe(e));
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static BackupException failure(AttemptHandle<?, ?> job, Throwable t) {
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

    public Optional<AttemptHandle<T, D>> find(String uid) {
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
    public List<AttemptHandle<T, D>> running() {
        return jobs.values().stream().filter(AttemptHandle::isRunning).toList();
    }
}
