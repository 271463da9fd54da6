package dev.accountbackup.operator.jobs;

import dev.accountbackup.engine.BackupException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Jobs in a given state, made without threads, for tests of decisions and statuses. */
public final class TestJobs {

    private static final ResourceID RESOURCE = new ResourceID("b", "ns");

    private TestJobs() {}

    public static <T, D> AttemptHandle<T, D> running(int attempt, Instant startedAt, long generation, D details) {
        return TestJobs.<T, D>runner(startedAt)
                .start("uid", RESOURCE, attempt, startedAt, generation, details, executor -> new CompletableFuture<>());
    }

    public static <T, D> AttemptHandle<T, D> succeeded(
            int attempt, Instant startedAt, Instant finishedAt, long generation, D details, T result) {
        return TestJobs.<T, D>runner(finishedAt)
                .start("uid", RESOURCE, attempt, startedAt, generation, details, JobWork.of(() -> result));
    }

    public static <T, D> AttemptHandle<T, D> failed(
            int attempt, Instant startedAt, Instant finishedAt, long generation, D details, BackupException error) {
        return TestJobs.<T, D>runner(finishedAt)
                .start("uid", RESOURCE, attempt, startedAt, generation, details, JobWork.of(() -> {
                    throw error;
                }));
    }

    private static <T, D> JobRunner<T, D> runner(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new JobRunner<>(uncapped(clock), directExecutor(), clock);
    }

    /** A dispatcher whose caps tests of decisions and statuses never reach: no job waits in line. */
    public static RunDispatcher uncapped(Clock clock) {
        return new RunDispatcher(1000, 1000, clock);
    }

    /** Runs each task at once on the calling thread. */
    public static ExecutorService directExecutor() {
        return new TestExecutor() {
            @Override
            public void execute(Runnable command) {
                command.run();
            }
        };
    }

    /** An executor for tests: runs tasks as its {@code execute} says, and has nothing to shut down. */
    public abstract static class TestExecutor extends AbstractExecutorService {

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
