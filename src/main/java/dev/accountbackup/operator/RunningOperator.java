package dev.accountbackup.operator;

import dev.accountbackup.operator.health.HealthServer;
import dev.accountbackup.operator.metrics.OperatorMetrics;
import io.javaoperatorsdk.operator.Operator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** A started operator: stop it to end its controllers, its jobs, its health endpoints and its metrics. */
public final class RunningOperator implements AutoCloseable {

    private final Operator operator;
    private final List<ExecutorService> executors;
    private final HealthServer health;
    private final HealthServer metricsServer;
    private final OperatorMetrics metrics;
    private final AutoCloseable kubernetesJobs;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile String failure;

    /**
     * @param metricsServer  the listener of /metrics (the health listener when they share a port), or null
     * @param executors      the job executor and the RDS followers' scheduler
     * @param kubernetesJobs the following of runs in Kubernetes Jobs (the Jobs themselves go on)
     */
    RunningOperator(
            Operator operator,
            HealthServer health,
            HealthServer metricsServer,
            OperatorMetrics metrics,
            List<ExecutorService> executors,
            AutoCloseable kubernetesJobs) {
        this.operator = operator;
        this.kubernetesJobs = kubernetesJobs;
        this.executors = List.copyOf(executors);
        this.health = health;
        this.metricsServer = metricsServer;
        this.metrics = metrics;
    }

    /** The port of /healthz and /readyz, or -1 when they are off. */
    public int healthPort() {
        return health == null ? -1 : health.port();
    }

    /** The port of /metrics, or -1 when it is off. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /**
     * Stops the controllers, then interrupts running jobs. An export cut short leaves its
     * AccountBackup Running; the next operator start removes its files and tries again. A snapshot
     * is no longer followed; the next start finds it by its identifier and follows it on. Runs in Kubernetes Jobs go
     * on; the next start adopts them.
     */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        stopping = true;
        try {
            operator.stop();
        } finally {
            executors.forEach(ExecutorService::shutdownNow);
            try {
                for (ExecutorService executor : executors) {
                    executor.awaitTermination(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (health != null) {
                health.close();
            }
            if (metricsServer != null && metricsServer != health) {
                metricsServer.close();
            }
            metrics.close();
            closeQuietly(kubernetesJobs);
            stopped.countDown();
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            // stopping: nothing is left to tell
        }
    }

    /** Why the operator stopped by itself (lost lease, a watch that failed), or null when it was asked to stop. */
    public String failure() {
        return failure;
    }

    /**
     * Stops everything because the operator cannot go on (the leader lease is lost, a watch failed
     * for good), from another thread: the caller's thread belongs to leader election or an informer.
     */
    void stopBecause(String reason) {
        if (stopping) {
            return; // failures while stopping are the stop itself
        }
        failure = reason;
        Thread t = new Thread(this::stop, "operator-stop-after-failure");
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
