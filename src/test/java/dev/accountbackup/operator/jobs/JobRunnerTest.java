package dev.accountbackup.operator.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

    private final ExecutorService executor = JobExecutors.bounded(1);
    private final JobRunner<String, String> runner =
            new JobRunner<>(new RunDispatcher(1, 1, Clock.systemUTC()), executor, Clock.systemUTC());
    private final List<ResourceID> finished = new CopyOnWriteArrayList<>();
    private final ResourceID resource = new ResourceID("nightly", "shop");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aFinishedJobKeepsItsResultAndTriggersAReconcile() {
        runner.onChange(finished::add);
        AttemptHandle<String, String> job =
                runner.start("uid", resource, 1, Instant.now(), 3, "details", JobWork.of(() -> "done"));
        await().until(() -> !job.isRunning());
        assertEquals(AttemptHandle.State.SUCCEEDED, job.state());
        assertEquals("done", job.result());
        assertEquals(List.of(resource), finished);
        assertEquals(job, runner.find("uid").orElseThrow());
        runner.forget("uid");
        assertTrue(runner.find("uid").isEmpty());
    }

    @Test
    void aJobWaitingForABusyThreadSaysSoAndTellsWhenItStarts() throws Exception {
        runner.onChange(finished::add);
        CountDownLatch release = new CountDownLatch(1);
        AttemptHandle<String, String> busy =
                runner.start("busy", resource, 1, Instant.now(), 1, "details", JobWork.of(() -> {
                    release.await();
                    return "first";
                }));
        ResourceID other = new ResourceID("weekly", "shop");
        AttemptHandle<String, String> waiting =
                runner.start("waiting", other, 1, Instant.now(), 1, "details", JobWork.of(() -> "second"));
        assertFalse(busy.isWaitingForSlot());
        assertTrue(waiting.isWaitingForSlot());
        assertEquals(1, waiting.queuePlace().orElseThrow().place());

        release.countDown();
        await().until(() -> !waiting.isRunning());
        assertFalse(waiting.isWaitingForSlot());
        assertEquals(List.of(resource, other, other), finished, "first ended, second started, second ended");
    }

    @Test
    void aJobCancelledWhileItWaitsFailsAtOnceAndNeverRuns() throws Exception {
        runner.onChange(finished::add);
        CountDownLatch release = new CountDownLatch(1);
        AttemptHandle<String, String> busy =
                runner.start("busy", resource, 1, Instant.now(), 1, "details", JobWork.of(() -> {
                    release.await();
                    return "first";
                }));
        AtomicBoolean ran = new AtomicBoolean();
        ResourceID deleted = new ResourceID("deleted", "shop");
        AttemptHandle<String, String> waiting =
                runner.start("waiting", deleted, 1, Instant.now(), 1, "details", JobWork.of(() -> {
                    ran.set(true);
                    return "second";
                }));

        assertTrue(runner.cancelQueued("waiting"));
        assertEquals(AttemptHandle.State.FAILED, waiting.state());
        assertFalse(waiting.error().retryable());
        assertTrue(
                waiting.error().getMessage().contains("deleted"),
                waiting.error().getMessage());
        assertFalse(runner.cancelQueued("busy"), "a running job is left to end");
        release.countDown();
        await().until(() -> !busy.isRunning());
        assertEquals(AttemptHandle.State.SUCCEEDED, busy.state());
        assertFalse(ran.get(), "the cancelled job never ran");
        assertEquals(List.of(deleted, resource), finished);
    }

    @Test
    void unexpectedErrorsAreReportedWithoutTheirMessage() {
        AttemptHandle<String, String> job =
                runner.start("uid", resource, 1, Instant.now(), 1, "details", JobWork.of(() -> {
                    throw new IllegalStateException("duplicate key value (email)=(alice@example.org)");
                }));
        await().until(() -> !job.isRunning());
        assertEquals(AttemptHandle.State.FAILED, job.state());
        assertEquals(BackupException.Kind.INTERNAL, job.error().kind());
        assertFalse(job.error().getMessage().contains("alice"), job.error().getMessage());
        assertTrue(
                job.error().getMessage().contains("IllegalStateException"),
                job.error().getMessage());
    }

    @Test
    void oneJobPerResourceAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AttemptHandle<String, String> running =
                runner.start("uid", resource, 1, Instant.now(), 1, "details", JobWork.of(() -> {
                    release.await();
                    return "first";
                }));
        assertThrows(
                IllegalStateException.class,
                () -> runner.start("uid", resource, 2, Instant.now(), 1, "details", JobWork.of(() -> "second")));
        runner.forget("uid");
        assertEquals(List.of(running), runner.running(), "a running job is never forgotten");
        release.countDown();
        await().until(() -> !running.isRunning());
        AttemptHandle<String, String> next =
                runner.start("uid", resource, 2, Instant.now(), 1, "details", JobWork.of(() -> "second"));
        await().until(() -> !next.isRunning());
        assertEquals("second", runner.find("uid").orElseThrow().result());
    }
}
