package dev.accountbackup.operator.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the job executor tells the metrics: jobs running, jobs in line, and since when the oldest waits. */
class TrackedJobExecutorTest {

    private final TrackedJobExecutor executor = JobExecutors.bounded(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    @Test
    void countsRunningAndWaitingJobsAndTheOldestWait() throws Exception {
        assertEquals(0, executor.running());
        assertEquals(0, executor.queued());
        assertTrue(executor.oldestQueuedSince().isEmpty());

        executor.execute(this::held);
        await().until(() -> executor.running() == 1);
        assertTrue(executor.oldestQueuedSince().isEmpty(), "a job on a thread does not wait");

        Instant beforeFirst = Instant.now();
        executor.execute(this::held);
        Thread.sleep(20);
        Instant beforeSecond = Instant.now();
        executor.execute(this::held);
        assertEquals(2, executor.queued());
        Instant oldest = executor.oldestQueuedSince().orElseThrow();
        assertFalse(oldest.isBefore(beforeFirst));
        assertTrue(oldest.isBefore(beforeSecond), "the oldest of the two waiting jobs");

        release.countDown();
        await().until(() -> executor.running() == 0 && executor.queued() == 0);
        assertTrue(executor.oldestQueuedSince().isEmpty());
    }

    private void held() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
