package dev.accountbackup.operator.snapshot;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.jobs.SafeErrors;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows work that AWS does on its own time (a snapshot, a copy, a new instance): calls a short,
 * non-blocking step now and again every interval until it reports done, without holding a thread
 * in between. A few transient failures in a row are tolerated, because one throttled describe
 * call must not fail a snapshot that takes an hour; more, or any other failure, end the following.
 */
public final class StepFollower {

    private static final Logger LOG = LoggerFactory.getLogger(StepFollower.class);

    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final int toleratedFailures;

    /** @param toleratedFailures transient failures in a row that are waited out */
    public StepFollower(ScheduledExecutorService scheduler, Duration interval, int toleratedFailures) {
        this.scheduler = scheduler;
        this.interval = interval;
        this.toleratedFailures = toleratedFailures;
    }

    /**
     * @param what       for the log, e.g. "RDS snapshot accountbackup-shop-nightly-..."
     * @param onProgress told of every step's result, before the next one
     * @return completes with the first result that is done; cancelling it stops the following
     */
    public <P> CompletableFuture<P> follow(String what, Supplier<P> step, Predicate<P> done, Consumer<P> onProgress) {
        Following<P> following = new Following<>(what, step, done, onProgress);
        following.schedule(Duration.ZERO);
        return following.result;
    }

    private final class Following<P> implements Runnable {
        private final String what;
        private final Supplier<P> step;
        private final Predicate<P> done;
        private final Consumer<P> onProgress;
        private final CompletableFuture<P> result = new CompletableFuture<>();
        private int failuresInARow;

        Following(String what, Supplier<P> step, Predicate<P> done, Consumer<P> onProgress) {
            this.what = what;
            this.step = step;
            this.done = done;
            this.onProgress = onProgress;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return;
            }
            try {
                P progress = step.get();
                failuresInARow = 0;
                onProgress.accept(progress);
                if (done.test(progress)) {
                    result.complete(progress);
                    return;
                }
            } catch (BackupException e) {
                if (!e.retryable() || ++failuresInARow > toleratedFailures) {
                    result.completeExceptionally(e);
                    return;
                }
                LOG.warn(
                        "{}: {}; trying again in {} ({} of {} transient failures in a row tolerated)",
                        what,
                        e.getMessage(),
                        interval,
                        failuresInARow,
                        toleratedFailures);
            } catch (RuntimeException e) {
                LOG.error("{} failed unexpectedly: {}", what, SafeErrors.describe(e));
                result.completeExceptionally(e);
                return;
            }
            schedule(interval);
        }

        void schedule(Duration delay) {
            try {
                scheduler.schedule(this, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new BackupException(
                        BackupException.Kind.INTERNAL,
                        "the operator is stopping; " + what + " is followed again when it starts"));
            }
        }
    }
}
