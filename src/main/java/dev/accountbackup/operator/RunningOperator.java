package dev.accountbackup.operator;

import dev.accountbackup.operator.health.HealthServer;
import io.javaoperatorsdk.operator.Operator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** A started operator: stop it to end its controllers, its jobs and its health endpoints. */
public final class RunningOperator implements AutoCloseable {

    private final Operator operator;
    private final ExecutorService jobs;
    private final HealthServer health;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean lostLeadership;

    RunningOperator(Operator operator, ExecutorService jobs, HealthServer health) {
        this.operator = operator;
        this.jobs = jobs;
        this.health = health;
    }

    /** The port of /healthz and /readyz, or -1 when they are off. */
    public int healthPort() {
        return health == null ? -1 : health.port();
    }

    /**
     * Stops the controllers, then interrupts running jobs. An export cut short leaves its
     * AccountBackup Running; the next operator start removes its files and tries again.
     */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        stopping = true;
        try {
            operator.stop();
        } finally {
            jobs.shutdownNow();
            try {
                jobs.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (health != null) {
                health.close();
            }
            stopped.countDown();
        }
    }

    /** Whether the operator stopped because another replica took the leader lease. */
    public boolean hasLostLeadership() {
        return lostLeadership;
    }

    /** Called when the leader lease is lost: stops everything, from another thread (this one belongs to leader election). */
    void leadershipLost() {
        if (stopping) {
            return;
        }
        lostLeadership = true;
        Thread t = new Thread(this::stop, "operator-stop-after-lost-lease");
        t.setDaemon(true);
        t.start();
    }

    /** Blocks until {@link #stop()} is called (e.g. from a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        stop();
    }
}
