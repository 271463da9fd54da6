package dev.accountbackup.operator.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.TestJobs;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.operator.status.StatusUpdates;
import dev.accountbackup.operator.status.Timestamps;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statuses of a one-shot AccountBackup, built as pure functions of the current status, the generation and a step. */
class BackupStatusBuilderTest {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final Instant NOW = T0.plusSeconds(30);
    static final String ID = "20261126T120000Z";

    @Test
    void aRunningAttemptShowsWhatItDoesWhichAttemptItIsAndWhyThePreviousOneFailed() {
        AccountBackupStatus current = new AccountBackupStatus();
        current.setPhase(Phase.Pending);
        AccountBackupStatus before = StatusUpdates.copy(current, AccountBackupStatus.class);
        AttemptHandle<BackupOutcome, BackupAttempt> job = TestJobs.running(2, T0, 1, attempt("database unreachable"));

        AccountBackupStatus s = builder(current).running(job, 3);

        assertNotSame(current, s);
        assertTrue(StatusUpdates.same(before, current), "the cached status is never changed");
        assertEquals(Phase.Running, s.getPhase());
        assertEquals(2, s.getAttempts());
        assertEquals(ID, s.getBackupId());
        assertEquals(Timestamps.format(T0), s.getStartedAt());
        assertEquals(
                "backing up 2 tables as backup " + ID
                        + " to file:///backups/ns/b (attempt 2 of 4); the previous attempt failed:"
                        + " database unreachable",
                s.getMessage());
        assertReady(s, "False", "Running");
    }

    @Test
    void attemptNumbersNeverOverflowInMessages() {
        AttemptHandle<BackupOutcome, BackupAttempt> job = TestJobs.running(4, T0, 1, attempt(null));
        assertTrue(builder(null).running(job, Integer.MAX_VALUE).getMessage().endsWith(" (attempt 4 of 2147483648)"));
    }

    @Test
    void aSucceededAttemptShowsItsTablesLocationAndTheManifestsCompletionTime() {
        AttemptHandle<BackupOutcome, BackupAttempt> job = TestJobs.succeeded(
                1, T0, NOW, 1, attempt(null), new BackupOutcome(manifest(), "file:///backups/ns/b/" + ID));

        AccountBackupStatus s = builder(null).succeeded(job);

        assertEquals(Phase.Succeeded, s.getPhase());
        assertEquals("backed up 1 table (10 rows, 2048 bytes) as backup " + ID, s.getMessage());
        assertEquals(Timestamps.format(T0.plusSeconds(42)), s.getCompletedAt());
        assertEquals("public.users", s.getTables().get(0).getName());
        assertEquals("file:///backups/ns/b/" + ID, s.getLocation());
        assertReady(s, "True", "Succeeded");
    }

    @Test
    void aFailedAttemptNamesItsKindAndItsAttemptWhenItCouldHaveBeenRetried() {
        AttemptHandle<BackupOutcome, BackupAttempt> job = TestJobs.failed(
                4,
                T0,
                NOW,
                1,
                attempt(null),
                new BackupException(BackupException.Kind.UNREACHABLE, "database unreachable"));

        AccountBackupStatus s = builder(null).failed(job, 3);

        assertEquals(Phase.Failed, s.getPhase());
        assertEquals("database unreachable (attempt 4 of 4)", s.getMessage());
        assertEquals(Timestamps.format(NOW), s.getCompletedAt());
        assertReady(s, "False", "DatabaseUnreachable");
    }

    @Test
    void aRetryShowsTheFailureAndTheTimeOfTheNextAttempt() {
        AttemptHandle<BackupOutcome, BackupAttempt> job = TestJobs.failed(
                1, T0, NOW, 1, attempt(null), new BackupException(BackupException.Kind.STORAGE, "storage busy"));

        AccountBackupStatus s = builder(null).retrying(job, 3, NOW.plusSeconds(10));

        assertEquals(Phase.Running, s.getPhase());
        assertEquals(
                "attempt 1 of 4 failed: storage busy; next attempt at " + Timestamps.format(NOW.plusSeconds(10)),
                s.getMessage());
        assertReady(s, "False", "Retrying");
    }

    @Test
    void aRejectionRepeatedOnALaterPassIsTheSameStatus() {
        BackupException invalid = BackupException.invalid("spec.tables is empty");
        AccountBackupStatus first = builder(null).rejected(invalid, 0);
        AccountBackupStatus again = new BackupStatusBuilder(first, 1, NOW.plusSeconds(60)).rejected(invalid, 0);

        assertEquals(Phase.Failed, first.getPhase());
        assertReady(first, "False", "InvalidSpec");
        assertTrue(StatusUpdates.same(first, again), "a settled resource stays quiet");
    }

    @Test
    void aMissingSecretIsPendingWithTheReasonGiven() {
        AccountBackupStatus s = builder(null).waiting("SecretMissing", "waiting for a Secret: db");
        assertEquals(Phase.Pending, s.getPhase());
        assertEquals(0, s.getAttempts());
        assertReady(s, "False", "SecretMissing");
    }

    @Test
    void anInterruptedRunWithNoAttemptsLeftFailsAndPointsAtNoBackup() {
        AccountBackupStatus running = builder(null).running(TestJobs.running(4, T0, 1, attempt(null)), 3);

        AccountBackupStatus s =
                new BackupStatusBuilder(running, 1, NOW).interrupted(new RunDecision.GiveUp<>(4, true), 3);

        assertEquals(Phase.Failed, s.getPhase());
        assertNull(s.getBackupId());
        assertEquals(
                "attempt 4 was interrupted by an operator restart and no attempts are left (backoffLimit 3); check the operator's"
                        + " memory limit and logs, then edit the spec to run again",
                s.getMessage());
        assertReady(s, "False", "Interrupted");
    }

    @Test
    void aSpecChangeAfterSuccessIsReportedWithoutLosingTheResult() {
        AccountBackupStatus done = builder(null)
                .succeeded(TestJobs.succeeded(1, T0, NOW, 1, attempt(null), new BackupOutcome(manifest(), "x")));

        AccountBackupStatus s = new BackupStatusBuilder(done, 2, NOW).specChangeIgnored();

        assertEquals(Phase.Succeeded, s.getPhase());
        assertEquals(2L, s.getObservedGeneration());
        assertEquals(BackupStatusBuilder.SPEC_CHANGE_IGNORED, s.getMessage());
        assertEquals(done.getTables().size(), s.getTables().size());
        assertReady(s, "True", "Succeeded");
    }

    @Test
    void aReconcileErrorOnANewResourceIsPendingAndKeepsAnyResult() {
        AccountBackupStatus s = builder(null).reconcileError("the Kubernetes API answered HTTP 500");
        assertEquals(Phase.Pending, s.getPhase());
        assertEquals(
                "the operator could not process this resource (the Kubernetes API answered HTTP 500); it tries again",
                s.getMessage());
        assertReady(s, "False", "ReconcileError");
    }

    static BackupAttempt attempt(String previousError) {
        return new BackupAttempt(ID, 2, "file:///backups/ns/b", null, previousError);
    }

    static Manifest manifest() {
        TableEntry users =
                new TableEntry("public", "users", "public.users.jsonl.zst", 10, 2048, "abc", List.of("id"), List.of());
        return new Manifest(
                Manifest.FORMAT_VERSION, ID, T0, T0.plusSeconds(42), null, Compression.ZSTD, Map.of(), List.of(users));
    }

    static void assertReady(AccountBackupStatus s, String status, String reason) {
        Condition ready = Conditions.find(s.getConditions(), Conditions.READY);
        assertEquals(status, ready.getStatus());
        assertEquals(reason, ready.getReason());
    }

    private static BackupStatusBuilder builder(AccountBackupStatus current) {
        return new BackupStatusBuilder(current, 1, NOW);
    }
}
