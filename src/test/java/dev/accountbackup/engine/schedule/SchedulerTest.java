package dev.accountbackup.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.schedule.ScheduleDecision.Action;
import dev.accountbackup.engine.schedule.SkippedTime.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private static final BackupSchedule NIGHTLY = BackupSchedule.parse("0 2 * * *", "UTC");
    private static final BackupSchedule HOURLY = BackupSchedule.parse("@hourly", "UTC");

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    /** Status after a decision, as the controller would store it. */
    private static ScheduleState remembered(
            ScheduleDecision d, Instant createdAt, boolean runInProgress, Instant lastRunFinishedAt) {
        return new ScheduleState(createdAt, d.handledThrough(), d.observedSchedule(), runInProgress, lastRunFinishedAt);
    }

    private static ScheduleState handled(BackupSchedule s, String handledThrough) {
        return new ScheduleState(at("2026-01-01T00:00:00Z"), at(handledThrough), s.key(), false, null);
    }

    @Test
    void aNewResourceWaitsForItsFirstTimeAndNeverRunsTimesBeforeItsCreation() {
        Instant created = at("2026-11-26T01:30:00Z");
        ScheduleDecision d =
                Scheduler.decide(NIGHTLY, false, null, ScheduleState.newResource(created), created.plusSeconds(5));
        assertEquals(Action.WAIT, d.action());
        assertEquals(at("2026-11-26T02:00:00Z"), d.nextScheduleTime());
        assertEquals(Optional.of(Duration.ofMinutes(30).minusSeconds(5)), d.requeueAfter(created.plusSeconds(5)));
        assertEquals(created, d.handledThrough());
        assertEquals("0 2 * * * UTC", d.observedSchedule());

        // created a moment after 02:00: today's 02:00 is not owed
        Instant lateCreation = at("2026-11-26T02:00:00.500Z");
        ScheduleDecision late = Scheduler.decide(
                NIGHTLY, false, null, ScheduleState.newResource(lateCreation), at("2026-11-26T02:01:00Z"));
        assertEquals(Action.WAIT, late.action());
        assertEquals(at("2026-11-27T02:00:00Z"), late.nextScheduleTime());
    }

    @Test
    void aNewResourceCreatedWhileTheOperatorWasDownCatchesUpItsFirstTime() {
        Instant created = at("2026-11-26T01:00:00Z");
        ScheduleDecision d =
                Scheduler.decide(NIGHTLY, false, null, ScheduleState.newResource(created), at("2026-11-26T03:00:00Z"));
        assertEquals(Action.RUN, d.action());
        assertEquals(at("2026-11-26T02:00:00Z"), d.runTime());
    }

    @Test
    void runsAtTheScheduledTimeWithAnIdFromThatTime() {
        Instant now = at("2026-11-26T02:00:00.120Z");
        ScheduleDecision d = Scheduler.decide(NIGHTLY, false, null, handled(NIGHTLY, "2026-11-25T02:00:00Z"), now);
        assertEquals(Action.RUN, d.action());
        assertEquals(at("2026-11-26T02:00:00Z"), d.runTime());
        assertEquals("20261126T020000Z", d.backupId());
        assertEquals(at("2026-11-26T02:00:00Z"), d.handledThrough());
        assertEquals(at("2026-11-27T02:00:00Z"), d.nextScheduleTime());
        assertEquals(0, d.skippedCount());
        assertEquals("run for 2026-11-26T02:00:00Z", d.describe());

        // the next reconcile, with the run going, must not start it again
        ScheduleDecision again = Scheduler.decide(
                NIGHTLY, false, null, remembered(d, at("2026-01-01T00:00:00Z"), true, null), now.plusSeconds(30));
        assertEquals(Action.WAIT, again.action());
        assertEquals(at("2026-11-27T02:00:00Z"), again.nextScheduleTime());
        assertThrows(IllegalStateException.class, again::backupId);
    }

    @Test
    void aTimeReachedWhileARunIsGoingIsSkippedAndRecorded() {
        ScheduleState running =
                new ScheduleState(at("2026-01-01T00:00:00Z"), at("2026-11-26T02:00:00Z"), HOURLY.key(), true, null);
        ScheduleDecision d = Scheduler.decide(HOURLY, false, null, running, at("2026-11-26T03:00:01Z"));
        assertEquals(Action.SKIP, d.action());
        assertNull(d.runTime());
        assertEquals(List.of(new SkippedTime(at("2026-11-26T03:00:00Z"), Reason.RUN_IN_PROGRESS)), d.skipped());
        assertEquals(1, d.skippedCount());
        assertEquals(
                at("2026-11-26T03:00:00Z"), d.handledThrough(), "the skipped time is dealt with: it never runs later");
        assertEquals(at("2026-11-26T04:00:00Z"), d.nextScheduleTime());
        assertEquals(
                "nothing to run; 1 scheduled time skipped (latest 2026-11-26T03:00:00Z: the previous backup was still running)",
                d.describe());

        // when the run ends at 03:10, 03:00 is not started late
        ScheduleState ended = new ScheduleState(
                running.createdAt(), at("2026-11-26T02:00:00Z"), HOURLY.key(), false, at("2026-11-26T03:10:00Z"));
        ScheduleDecision afterEnd = Scheduler.decide(HOURLY, false, null, ended, at("2026-11-26T03:10:00Z"));
        assertEquals(Action.SKIP, afterEnd.action());
        assertEquals(Reason.RUN_IN_PROGRESS, afterEnd.skipped().get(0).reason());

        // a run that ended before the next time does not block it
        ScheduleState endedEarly = new ScheduleState(
                running.createdAt(), at("2026-11-26T02:00:00Z"), HOURLY.key(), false, at("2026-11-26T02:40:00Z"));
        assertEquals(
                Action.RUN,
                Scheduler.decide(HOURLY, false, null, endedEarly, at("2026-11-26T03:00:00Z"))
                        .action());
    }

    @Test
    void threeDaysOfDowntimeGiveOneCatchUpRunForTheMostRecentTime() {
        ScheduleDecision d = Scheduler.decide(
                NIGHTLY, false, null, handled(NIGHTLY, "2026-11-22T02:00:00Z"), at("2026-11-25T10:00:00Z"));
        assertEquals(Action.RUN, d.action());
        assertEquals(at("2026-11-25T02:00:00Z"), d.runTime());
        assertEquals(
                List.of(
                        new SkippedTime(at("2026-11-23T02:00:00Z"), Reason.MISSED),
                        new SkippedTime(at("2026-11-24T02:00:00Z"), Reason.MISSED)),
                d.skipped());
        assertEquals(2, d.skippedCount());
        assertEquals(at("2026-11-25T02:00:00Z"), d.handledThrough());
        assertEquals(at("2026-11-26T02:00:00Z"), d.nextScheduleTime());
        assertTrue(
                d.describe().startsWith("run for 2026-11-25T02:00:00Z; 2 earlier scheduled times skipped"),
                d.describe());
    }

    @Test
    void theStartingDeadlineLimitsHowLateACatchUpMayStart() {
        Duration hour = Duration.ofHours(1);
        ScheduleState state = handled(NIGHTLY, "2026-11-22T02:00:00Z");
        ScheduleDecision tooLate = Scheduler.decide(NIGHTLY, false, hour, state, at("2026-11-25T10:00:00Z"));
        assertEquals(Action.SKIP, tooLate.action());
        assertEquals(3, tooLate.skippedCount());
        assertTrue(tooLate.skipped().stream().allMatch(s -> s.reason() == Reason.MISSED));
        assertEquals(at("2026-11-25T02:00:00Z"), tooLate.handledThrough());
        assertEquals(at("2026-11-26T02:00:00Z"), tooLate.nextScheduleTime());

        ScheduleDecision inTime = Scheduler.decide(NIGHTLY, false, hour, state, at("2026-11-25T03:00:00Z"));
        assertEquals(Action.RUN, inTime.action(), "exactly at the deadline still starts");
        assertEquals(at("2026-11-25T02:00:00Z"), inTime.runTime());

        BackupException negative = assertThrows(
                BackupException.class,
                () -> Scheduler.decide(NIGHTLY, false, Duration.ofSeconds(-1), state, at("2026-11-25T03:00:00Z")));
        assertTrue(negative.getMessage().contains("startingDeadline"));
    }

    @Test
    void longDowntimeIsCountedWithinBoundsAndRecordsTheMostRecentSkips() {
        BackupSchedule everyMinute = BackupSchedule.parse("* * * * *", "UTC");
        ScheduleDecision d = Scheduler.decide(
                everyMinute, false, null, handled(everyMinute, "2026-11-20T00:00:00Z"), at("2026-11-25T00:00:30Z"));
        assertEquals(Action.RUN, d.action());
        assertEquals(at("2026-11-25T00:00:00Z"), d.runTime());
        assertEquals(ScheduleDecision.SKIP_COUNT_LIMIT, d.skippedCount());
        assertEquals(ScheduleDecision.MAX_RECORDED_SKIPS, d.skipped().size());
        assertEquals(at("2026-11-24T23:50:00Z"), d.skipped().get(0).time(), "the most recent ones, oldest first");
        assertEquals(at("2026-11-24T23:59:00Z"), d.skipped().get(9).time());
        assertTrue(d.describe().contains("at least 1000"), d.describe());
    }

    @Test
    void suspendStopsRunsAndResumingDoesNotCatchUpTheSuspendedTimes() {
        ScheduleState state = handled(NIGHTLY, "2026-11-25T02:00:00Z");
        ScheduleDecision suspended = Scheduler.decide(NIGHTLY, true, null, state, at("2026-11-26T05:00:00Z"));
        assertEquals(Action.SUSPENDED, suspended.action());
        assertNull(suspended.nextScheduleTime(), "nothing will run while suspended");
        assertEquals(Optional.empty(), suspended.requeueAfter(at("2026-11-26T05:00:00Z")));
        assertEquals(0, suspended.skippedCount());
        assertEquals(Scheduler.SUSPENDED, suspended.observedSchedule());

        // resumed days later: the first reconcile after the spec change starts nothing
        ScheduleState afterSuspension = remembered(suspended, state.createdAt(), false, null);
        ScheduleDecision resumed = Scheduler.decide(NIGHTLY, false, null, afterSuspension, at("2026-11-29T10:00:00Z"));
        assertEquals(Action.WAIT, resumed.action());
        assertEquals(at("2026-11-30T02:00:00Z"), resumed.nextScheduleTime());
        ScheduleDecision firstRun = Scheduler.decide(
                NIGHTLY, false, null, remembered(resumed, state.createdAt(), false, null), at("2026-11-30T02:00:00Z"));
        assertEquals(Action.RUN, firstRun.action());
        assertEquals(at("2026-11-30T02:00:00Z"), firstRun.runTime());
    }

    @Test
    void anEditedScheduleTakesEffectForTheNextRun() {
        ScheduleState state = handled(NIGHTLY, "2026-11-26T02:00:00Z");
        Instant editSeen = at("2026-11-26T10:30:00Z");
        ScheduleDecision d = Scheduler.decide(HOURLY, false, null, state, editSeen);
        assertEquals(Action.WAIT, d.action(), "no catch-up for the new schedule's times before the edit");
        assertEquals(at("2026-11-26T11:00:00Z"), d.nextScheduleTime());
        assertEquals(HOURLY.key(), d.observedSchedule());

        ScheduleDecision next = Scheduler.decide(
                HOURLY, false, null, remembered(d, state.createdAt(), false, null), at("2026-11-26T11:00:00Z"));
        assertEquals(Action.RUN, next.action());
        assertEquals(at("2026-11-26T11:00:00Z"), next.runTime());
        assertEquals(0, next.skippedCount());

        // a zone change is an edit too; rewriting the same schedule differently is not
        assertEquals(
                Action.WAIT,
                Scheduler.decide(BackupSchedule.parse("0 2 * * *", "Asia/Tokyo"), false, null, state, editSeen)
                        .action());
        ScheduleState sameMeaning = new ScheduleState(
                state.createdAt(),
                at("2026-11-25T02:00:00Z"),
                BackupSchedule.parse("0 2 * * *", null).key(),
                false,
                null);
        assertEquals(
                Action.RUN,
                Scheduler.decide(BackupSchedule.parse(" 0 2 * * * ", "UTC"), false, null, sameMeaning, editSeen)
                        .action());
    }

    @Test
    void statusWrittenByAnOlderVersionWithoutObservedScheduleIsTakenAsUnchanged() {
        ScheduleState state =
                new ScheduleState(at("2026-01-01T00:00:00Z"), at("2026-11-25T02:00:00Z"), null, false, null);
        ScheduleDecision d = Scheduler.decide(NIGHTLY, false, null, state, at("2026-11-26T02:00:05Z"));
        assertEquals(Action.RUN, d.action());
    }

    @Test
    void aClockBehindTheApiServerNeverRunsEarly() {
        Instant created = at("2026-11-26T02:00:10Z");
        ScheduleDecision d =
                Scheduler.decide(NIGHTLY, false, null, ScheduleState.newResource(created), at("2026-11-26T02:00:05Z"));
        assertEquals(Action.WAIT, d.action());
        assertEquals(at("2026-11-27T02:00:00Z"), d.nextScheduleTime());
        assertEquals(Optional.of(Duration.ofDays(1).minusSeconds(5)), d.requeueAfter(at("2026-11-26T02:00:05Z")));
    }

    /**
     * Drives the scheduler like the controller: wake at each requeue time (plus some latency), start
     * the run it asks for, let it take {@code runTime}, and store what the decision says.
     */
    private static List<Instant> simulate(
            BackupSchedule schedule, Instant from, Instant until, Duration runTime, Duration latency) {
        List<Instant> runs = new ArrayList<>();
        ScheduleState state = ScheduleState.newResource(from);
        Instant now = from;
        Instant runningUntil = null;
        Instant lastFinished = null;
        int decisions = 0;
        while (now.isBefore(until)) {
            if (runningUntil != null && !now.isBefore(runningUntil)) {
                lastFinished = runningUntil;
                runningUntil = null;
            }
            ScheduleState current = new ScheduleState(
                    state.createdAt(),
                    state.handledThrough(),
                    state.observedSchedule(),
                    runningUntil != null,
                    lastFinished);
            ScheduleDecision d = Scheduler.decide(schedule, false, null, current, now);
            if (d.action() == Action.RUN) {
                runs.add(d.runTime());
                runningUntil = now.plus(runTime);
            }
            state = remembered(d, state.createdAt(), false, null);
            Instant wake = now.plus(d.requeueAfter(now).orElseThrow()).plus(latency);
            // a completing run also triggers a reconcile
            now = runningUntil != null && runningUntil.isBefore(wake) ? runningUntil : wake;
            assertTrue(++decisions < 100_000, "the loop makes progress");
        }
        return runs;
    }

    @Test
    void nightsAcrossBothClockChangesInParisGetExactlyOneBackupEach() {
        BackupSchedule paris = BackupSchedule.parse("0 2 * * *", "Europe/Paris");
        List<Instant> runs = new ArrayList<>();
        // March and April 2026 (spring forward on the 29th), October and November 2026 (back on the 25th)
        runs.addAll(simulate(
                paris,
                at("2026-02-28T12:00:00Z"),
                at("2026-04-30T12:00:00Z"),
                Duration.ofMinutes(20),
                Duration.ofMillis(150)));
        runs.addAll(simulate(
                paris,
                at("2026-09-30T12:00:00Z"),
                at("2026-11-30T12:00:00Z"),
                Duration.ofMinutes(20),
                Duration.ofMillis(150)));
        List<LocalDate> nights = runs.stream()
                .map(t -> t.atZone(ZoneId.of("Europe/Paris")).toLocalDate())
                .collect(Collectors.toList());
        assertEquals(61 + 61, runs.size());
        assertEquals(runs.size(), nights.stream().distinct().count(), "one per night");
        assertTrue(runs.contains(at("2026-03-29T01:00:00Z")), "spring-forward night ran at 03:00 CEST");
        assertTrue(
                runs.contains(at("2026-10-25T00:00:00Z")) && !runs.contains(at("2026-10-25T01:00:00Z")),
                "autumn night ran once");
        assertEquals(
                runs.size(),
                runs.stream()
                        .map(dev.accountbackup.engine.BackupIds::fromTime)
                        .distinct()
                        .count(),
                "ids never collide");
    }

    @Test
    void hourlyRunsThatTakeLongerThanAnHourNeverOverlap() {
        BackupSchedule hourly = BackupSchedule.parse("@hourly", "Europe/Paris");
        // the autumn day has 25 real hours; each run takes 70 minutes, so every other hour is skipped
        List<Instant> runs = simulate(
                hourly, at("2026-10-24T21:59:00Z"), at("2026-10-25T23:00:00Z"), Duration.ofMinutes(70), Duration.ZERO);
        for (int i = 1; i < runs.size(); i++) {
            assertEquals(Duration.ofHours(2), Duration.between(runs.get(i - 1), runs.get(i)), runs.toString());
        }
        assertEquals(at("2026-10-24T22:00:00Z"), runs.get(0));
        assertEquals(13, runs.size());

        List<Instant> quick = simulate(
                hourly,
                at("2026-10-24T21:59:00Z"),
                at("2026-10-25T22:59:00Z"),
                Duration.ofMinutes(5),
                Duration.ofSeconds(1));
        assertEquals(25, quick.size(), "one run per real hour on the 25-hour day");
    }
}
