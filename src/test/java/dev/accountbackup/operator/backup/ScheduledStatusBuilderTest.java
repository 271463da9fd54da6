package dev.accountbackup.operator.backup;

import static dev.accountbackup.operator.backup.BackupStatusBuilderTest.ID;
import static dev.accountbackup.operator.backup.BackupStatusBuilderTest.assertReady;
import static dev.accountbackup.operator.backup.BackupStatusBuilderTest.attempt;
import static dev.accountbackup.operator.backup.BackupStatusBuilderTest.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.retention.RetentionPolicy;
import dev.accountbackup.engine.schedule.BackupSchedule;
import dev.accountbackup.engine.schedule.ScheduleDecision;
import dev.accountbackup.engine.schedule.ScheduleState;
import dev.accountbackup.engine.schedule.Scheduler;
import dev.accountbackup.operator.jobs.TestJobs;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.operator.status.StatusUpdates;
import dev.accountbackup.operator.status.Timestamps;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The statuses of a scheduled AccountBackup, built as pure functions of the current status, the schedule's decision and a step. */
class ScheduledStatusBuilderTest {

    private static final Instant CREATED = Instant.parse("2026-11-26T11:30:00Z");
    private static final Instant DUE = Instant.parse("2026-11-26T12:00:00Z");
    private static final ScheduleSettings HOURLY =
            new ScheduleSettings(BackupSchedule.parse("0 * * * *", "UTC"), false, RetentionPolicy.keepAll());

    @Test
    void beforeTheFirstRunItShowsWhenTheNextOneIsAndStaysQuiet() {
        ScheduleDecision waiting = decide(null, CREATED.plusSeconds(60));
        AccountBackupStatus s =
                builder(null, CREATED.plusSeconds(60), waiting, null).notDue();

        assertEquals(Phase.Pending, s.getPhase());
        assertEquals("next backup at " + Timestamps.format(DUE), s.getMessage());
        assertEquals(Timestamps.format(DUE), s.getNextScheduleTime());
        assertReady(s, "True", "Scheduled");
        assertEquals(
                "FirstBackupPending",
                Conditions.find(s.getConditions(), ScheduledStatusBuilder.BACKUPS_CURRENT)
                        .getReason());

        ScheduleDecision later = decide(s, CREATED.plusSeconds(120));
        assertTrue(
                StatusUpdates.same(
                        s, builder(s, CREATED.plusSeconds(120), later, null).notDue()),
                "nothing changes between runs");
    }

    @Test
    void aRunThatStartsRecordsItsScheduledTimeAndARunThatEndsItsRecord() {
        AccountBackupStatus waiting = builder(
                        null, CREATED.plusSeconds(60), decide(null, CREATED.plusSeconds(60)), null)
                .notDue();
        ScheduleDecision run = decide(waiting, DUE.plusSeconds(1));
        assertEquals(ScheduleDecision.Action.RUN, run.action());
        assertEquals(ID, run.backupId());

        AccountBackupStatus running =
                builder(waiting, DUE.plusSeconds(1), run, ID).running(TestJobs.running(1, DUE, 1, attempt(null)), 3);
        assertEquals(Phase.Running, running.getPhase());
        assertTrue(running.getRunInProgress());
        assertEquals(Timestamps.format(DUE), running.getLastScheduleTime());
        assertEquals(ID, running.getBackupId());

        AccountBackupStatus done = builder(running, DUE.plusSeconds(50), null, null)
                .succeeded(TestJobs.succeeded(
                        1,
                        DUE,
                        DUE.plusSeconds(45),
                        1,
                        attempt(null),
                        new BackupOutcome(manifest(), "file:///b/" + ID)));
        assertEquals(Phase.Succeeded, done.getPhase());
        assertFalse(done.getRunInProgress());
        assertEquals(ID, done.getLastSuccessfulBackup().getId());
        assertEquals(1, done.getRecentBackups().size());
        assertEquals(
                "Current",
                Conditions.find(done.getConditions(), ScheduledStatusBuilder.BACKUPS_CURRENT)
                        .getReason());
    }

    @Test
    void anInterruptedRunWithNoAttemptsLeftIsAFailedRunAndTheScheduleGoesOn() {
        AccountBackupStatus running = builder(null, DUE, decide(null, DUE.plusSeconds(1)), ID)
                .running(TestJobs.running(4, DUE, 1, attempt(null)), 3);

        AccountBackupStatus s =
                builder(running, DUE.plusSeconds(60), null, null).interrupted(new RunDecision.GiveUp<>(4, true), 3);

        assertEquals(Phase.Failed, s.getPhase());
        assertFalse(s.getRunInProgress());
        assertEquals(ID, s.getLastFailedBackup().getId());
        assertTrue(
                s.getMessage()
                        .endsWith(
                                "no attempts are left (backoffLimit 3); check the operator's memory limit and logs; the schedule goes on"),
                s.getMessage());
        assertReady(s, "True", "Scheduled");
        assertEquals(
                "LastRunFailed",
                Conditions.find(s.getConditions(), ScheduledStatusBuilder.BACKUPS_CURRENT)
                        .getReason());
    }

    @Test
    void aRunThatCannotStartIsRecordedAsFailedAndItsScheduledTimeAsHandled() {
        ScheduleDecision run = decide(null, DUE.plusSeconds(1));

        AccountBackupStatus s = builder(null, DUE.plusSeconds(1), run, run.backupId())
                .rejected(
                        new BackupException(
                                BackupException.Kind.CREDENTIALS_MISSING, "Secret db-credentials not found"),
                        0);

        assertEquals(Phase.Failed, s.getPhase());
        assertEquals(1, s.getAttempts(), "a scheduled run counts the attempt that could not start");
        assertEquals(Timestamps.format(DUE), s.getLastScheduleTime());
        assertEquals(Timestamps.format(DUE), s.getHandledThrough());
        assertEquals("the backup " + ID + " failed: Secret db-credentials not found", s.getMessage());
    }

    private static ScheduleDecision decide(AccountBackupStatus current, Instant now) {
        ScheduleState state = current == null
                ? ScheduleState.newResource(CREATED)
                : new ScheduleState(
                        CREATED,
                        instant(current.getHandledThrough()),
                        current.getObservedSchedule(),
                        false,
                        instant(current.getLastRunFinishedAt()));
        return Scheduler.decide(HOURLY.schedule(), false, null, state, now);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static ScheduledStatusBuilder builder(
            AccountBackupStatus current, Instant now, ScheduleDecision decision, String runId) {
        return new ScheduledStatusBuilder(current, 1, now, HOURLY, CREATED, decision, runId);
    }
}
