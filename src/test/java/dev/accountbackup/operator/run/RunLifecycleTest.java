package dev.accountbackup.operator.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.Backoff;
import dev.accountbackup.operator.jobs.TestJobs;
import dev.accountbackup.operator.status.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one-shot rules, decided from status and job alone. */
class RunLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final RunLifecycle lifecycle =
            new RunLifecycle(new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60)));

    @Test
    void aNewResourceStartsItsFirstAttempt() {
        RunDecision.Start<String, String> start =
                assertInstanceOf(RunDecision.Start.class, decide(null, 1, Optional.empty(), 3));
        assertEquals(1, start.attempt());
        assertFalse(start.resumed());
    }

    @Test
    void aSucceededRunNeverRunsAgainEvenWhenItsSpecChanges() {
        RunDecision.Done<String, String> same =
                assertInstanceOf(RunDecision.Done.class, decide(status(Phase.Succeeded, 1, 1), 1, Optional.empty(), 3));
        assertFalse(same.specChanged());
        RunDecision.Done<String, String> changed =
                assertInstanceOf(RunDecision.Done.class, decide(status(Phase.Succeeded, 1, 1), 2, Optional.empty(), 3));
        assertTrue(changed.specChanged());
    }

    @Test
    void aFailedRunRunsAgainOnlyForANewGeneration() {
        assertInstanceOf(RunDecision.Done.class, decide(status(Phase.Failed, 4, 1), 1, Optional.empty(), 3));
        RunDecision.Start<String, String> start =
                assertInstanceOf(RunDecision.Start.class, decide(status(Phase.Failed, 4, 1), 2, Optional.empty(), 3));
        assertEquals(1, start.attempt(), "a new spec starts counting attempts afresh");
    }

    @Test
    void aRunningStatusWithoutJobIsAnInterruptedAttempt() {
        AccountBackupStatus running = status(Phase.Running, 1, 1);
        running.setBackupId("20261126T115900Z");
        RunDecision.Start<String, String> start =
                assertInstanceOf(RunDecision.Start.class, decide(running, 1, Optional.empty(), 3));
        assertEquals(2, start.attempt());
        assertTrue(start.resumed(), "the status names what the interrupted attempt left behind");

        running.setAttempts(4);
        RunDecision.GiveUp<String, String> giveUp =
                assertInstanceOf(RunDecision.GiveUp.class, decide(running, 1, Optional.empty(), 3));
        assertEquals(4, giveUp.attempts());
        assertTrue(giveUp.resumable());
    }

    @Test
    void anInterruptedRunOfAKindNeverResumedIsGivenUpWhateverTheAttemptsLeft() {
        RunDecision.GiveUp<String, String> giveUp = assertInstanceOf(
                RunDecision.GiveUp.class,
                lifecycle.decide(
                        status(Phase.Running, 1, 1),
                        1,
                        Optional.<AttemptHandle<String, String>>empty(),
                        3,
                        false,
                        NOW));
        assertEquals(1, giveUp.attempts());
        assertFalse(giveUp.resumable());
    }

    @Test
    void transientFailuresAreRetriedWithBackoffUpToTheLimit() {
        AttemptHandle<String, String> first = failedJob(1, Kind.UNREACHABLE, NOW);
        RunDecision.RetryLater<String, String> wait =
                assertInstanceOf(RunDecision.RetryLater.class, decide(null, 1, Optional.of(first), 3));
        assertEquals(NOW.plusSeconds(10), wait.at());

        AttemptHandle<String, String> third = failedJob(3, Kind.UNREACHABLE, NOW.minusSeconds(41));
        RunDecision.RetryLater<String, String> reported = assertInstanceOf(
                RunDecision.RetryLater.class,
                decide(null, 1, Optional.of(third), 3),
                "a failure first seen after its back-off is reported before the next attempt");
        assertEquals(NOW, reported.at());
        RunDecision.Start<String, String> next =
                assertInstanceOf(RunDecision.Start.class, decide(null, 1, Optional.of(third), 3));
        assertEquals(4, next.attempt());
        assertEquals("down", next.previousError());

        AttemptHandle<String, String> last = failedJob(4, Kind.UNREACHABLE, NOW.minusSeconds(3600));
        assertInstanceOf(RunDecision.Fail.class, decide(null, 1, Optional.of(last), 3));
    }

    @Test
    void permanentFailuresAreNotRetried() {
        assertInstanceOf(
                RunDecision.Fail.class, decide(null, 1, Optional.of(failedJob(1, Kind.AUTHENTICATION, NOW)), 3));
        assertInstanceOf(RunDecision.Fail.class, decide(null, 1, Optional.of(failedJob(1, Kind.UNREACHABLE, NOW)), 0));
    }

    @Test
    void aFinishedJobIsForgottenOnceTheStatusRecordsIt() {
        AttemptHandle<String, String> job = failedJob(2, Kind.INVALID, NOW);
        AccountBackupStatus recorded = status(Phase.Failed, 2, 1);
        recorded.setStartedAt(Timestamps.format(job.startedAt()));
        assertTrue(RunLifecycle.isRecorded(recorded, job));
        assertFalse(RunLifecycle.isRecorded(status(Phase.Running, 2, 1), job));
        assertFalse(RunLifecycle.isRecorded(null, job));
    }

    private RunDecision<String, String> decide(
            AccountBackupStatus status, long generation, Optional<AttemptHandle<String, String>> job, int limit) {
        return lifecycle.decide(status, generation, job, limit, true, NOW);
    }

    private AttemptHandle<String, String> failedJob(int attempt, Kind kind, Instant finishedAt) {
        return TestJobs.failed(attempt, finishedAt, finishedAt, 1, "details", new BackupException(kind, "down"));
    }

    private static AccountBackupStatus status(Phase phase, int attempts, long observedGeneration) {
        AccountBackupStatus s = new AccountBackupStatus();
        s.setPhase(phase);
        s.setAttempts(attempts);
        s.setObservedGeneration(observedGeneration);
        return s;
    }
}
