package dev.accountbackup.operator.jobs;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** The executor exports and restores run on: a fixed number of threads, the rest wait in line. */
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

    /** Also tells how many jobs run and wait, and since when (see {@link JobQueueStats}). */
    public static TrackedJobExecutor bounded(int threads) {
        AtomicInteger counter = new AtomicInteger();
        return new TrackedJobExecutor(threads, r -> {
            Thread t = new Thread(r, "account-backup-job-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
