package dev.accountbackup.operator.jobs;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The job executor: a fixed number of job threads with a line in front, which remembers when each waiting task got in line. */
public final class TrackedJobExecutor extends ThreadPoolExecutor implements JobQueueStats {

    TrackedJobExecutor(int threads, ThreadFactory threadFactory) {
        super(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), threadFactory);
    }

    @Override
    public void execute(Runnable task) {
        super.execute(new InLine(task, Instant.now()));
    }

    @Override
    public int running() {
        return getActiveCount();
    }

    @Override
    public int queued() {
        return getQueue().size();
    }

    @Override
    public Optional<Instant> oldestQueuedSince() {
        return getQueue().peek() instanceof InLine oldest ? Optional.of(oldest.since()) : Optional.empty();
    }

    private record InLine(Runnable task, Instant since) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }
}
