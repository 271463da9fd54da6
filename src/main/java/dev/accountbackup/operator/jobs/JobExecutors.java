package dev.accountbackup.operator.jobs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads exports and restores run on in this process: as many as runs may hold a slot at once. Who goes next is the
 * {@link RunDispatcher}'s decision; the pool's own queue only holds housekeeping (removing leftovers) for a moment.
 */
public final class JobExecutors {

    private JobExecutors() {}

    /** Threads that call RDS now and again to follow snapshots; the waiting in between holds none. */
    public static ScheduledExecutorService scheduler(String name, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    public static ExecutorService bounded(int threads) {
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "account-backup-job-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
