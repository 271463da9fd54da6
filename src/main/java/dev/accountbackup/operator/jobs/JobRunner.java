package dev.accountbackup.operator.jobs;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.jobs.AttemptHandle.State;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the long work of a reconciler (exports, restores) off the reconcile thread, so that no reconcile call ever
 * waits for it. Each long part of a job waits for a slot of the {@link RunDispatcher} (capped, fair across
 * namespaces), then runs on the job threads, or wherever the work starts it ({@link RunSlots#whenSlotFree}). Jobs are
 * keyed by the resource's UID: at most one per resource. When a job leaves the line and when it ends, {@code onChange}
 * is told, so the resource gets reconciled again and shows it.
 */
public final class JobRunner<T, D> {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final RunDispatcher dispatcher;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, AttemptHandle<T, D>> jobs = new ConcurrentHashMap<>();
    private volatile Consumer<ResourceID> onChange = id -> {};

    /** @param executor the job threads: the parts that run in this process, and housekeeping */
    public JobRunner(RunDispatcher dispatcher, ExecutorService executor, Clock clock) {
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.clock = clock;
    }

    /** Who to tell when a job starts working after waiting for a thread, and when it ends (the reconciler's inbound event source). */
    public void onChange(Consumer<ResourceID> listener) {
        this.onChange = listener;
    }

    /**
     * Starts an attempt for a resource, replacing the finished job it may still hold. {@code work}
     * gets the attempt's {@link RunSlots}, runs its long parts there (and may follow an RDS snapshot elsewhere
     * meanwhile), and returns the attempt's outcome. While a part waits in line for a slot, the job
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
            Function<? super RunSlots, CompletableFuture<T>> work) {
        AttemptHandle<T, D> job = register(uid, new AttemptHandle<>(resource, attempt, startedAt, generation, details));
        CompletableFuture<T> outcome;
        try {
            outcome = work.apply(new AttemptSlots(job));
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        } finally {
            dispatcher.arrived(uid); // in line now (or failed): a herd no longer waits for it
        }
        outcome.whenComplete((value, error) -> finish(job, value, error));
        return job;
    }

    /** The slots of one attempt: its parts wait in its namespace's line, and it shows where it waits. */
    private final class AttemptSlots implements RunSlots {

        private final AttemptHandle<T, D> job;
        /** Whether a part of this attempt has had a slot: its later parts go first in line. */
        private volatile boolean hadSlot;

        AttemptSlots(AttemptHandle<T, D> job) {
            this.job = job;
        }

        @Override
        public void execute(Runnable part) {
            whenSlotFree(() -> CompletableFuture.runAsync(part, executor));
        }

        @Override
        public <V> CompletableFuture<V> whenSlotFree(Supplier<CompletableFuture<V>> start) {
            CompletableFuture<V> result = new CompletableFuture<>();
            String namespace = job.resource().getNamespace().orElse("");
            QueuedRun queued = dispatcher.submit(
                    namespace,
                    waited -> {
                        hadSlot = true;
                        if (waited) {
                            tell(job); // it shows Running now
                        }
                        CompletableFuture<V> started;
                        try {
                            started = start.get();
                        } catch (RuntimeException e) {
                            started = CompletableFuture.failedFuture(e);
                        }
                        started.whenComplete((value, error) -> {
                            if (error == null) {
                                result.complete(value);
                            } else {
                                result.completeExceptionally(error);
                            }
                        });
                        return started;
                    },
                    hadSlot);
            job.queuedAs(queued, () -> result.completeExceptionally(new CancellationException()));
            return result;
        }
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
        if (!job.isRunning()) {
            return; // cancelled while it waited: already failed, and told
        }
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

    /** A scheduled resource's next run is due at {@code due}: the line waits for it in a herd (see {@link RunDispatcher}). */
    public void expect(String uid, ResourceID resource, Instant due) {
        dispatcher.expect(uid, resource.getNamespace().orElse(""), due);
    }

    /** The resource's expected run reached the line, or was decided otherwise. */
    public void arrived(String uid) {
        dispatcher.arrived(uid);
    }

    public Optional<AttemptHandle<T, D>> find(String uid) {
        return Optional.ofNullable(jobs.get(uid));
    }

    /** Drops a finished job once its outcome is recorded. A running job is kept. */
    public void forget(String uid) {
        jobs.computeIfPresent(uid, (k, job) -> job.state() == State.RUNNING ? job : null);
    }

    /**
     * Takes a resource's job out of the line if it waits there (the resource was deleted): it fails at once and never
     * starts, and its slot goes to the next in line; the line stops waiting for its next scheduled run.
     *
     * @return whether it was waiting
     */
    public boolean cancelQueued(String uid) {
        dispatcher.arrived(uid); // nor is its next scheduled run waited for
        AttemptHandle<T, D> job = jobs.get(uid);
        if (job == null || !job.isWaitingForSlot() || !dispatcher.cancel(job.queuedRun())) {
            return false;
        }
        job.fail(
                new BackupException(
                        BackupException.Kind.INVALID,
                        "cancelled while waiting for a job slot: the resource was deleted"),
                clock.instant());
        job.abandonWaitingPart();
        tell(job);
        return true;
    }

    /**
     * For resources that no longer exist: cancels their jobs still waiting in line, and drops their finished jobs
     * (a job that runs when its resource is deleted is left to end).
     */
    public void dropJobsOfDeleted(Predicate<ResourceID> deleted) {
        jobs.forEach((uid, job) -> {
            if (job.isWaitingForSlot() && deleted.test(job.resource())) {
                cancelQueued(uid);
            }
        });
        jobs.values().removeIf(job -> !job.isRunning() && deleted.test(job.resource()));
    }

    /** The jobs running now, of every resource. */
    public List<AttemptHandle<T, D>> running() {
        return jobs.values().stream().filter(AttemptHandle::isRunning).toList();
    }
}
