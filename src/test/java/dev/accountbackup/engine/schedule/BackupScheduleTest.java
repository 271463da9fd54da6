package dev.accountbackup.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupScheduleTest {

    private static final String PARIS = "Europe/Paris";

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    private static List<Instant> times(BackupSchedule s, String fromUtc, String toUtc) {
        Instant to = at(toUtc);
        return s.timesAfter(at(fromUtc)).takeWhile(t -> !t.isAfter(to)).collect(Collectors.toList());
    }

    private static List<Instant> instants(String... utc) {
        return java.util.Arrays.stream(utc).map(Instant::parse).collect(Collectors.toList());
    }

    @Test
    void nightlyRunFollowsTheLocalClockAndTheDefaultZoneIsUtc() {
        BackupSchedule paris = BackupSchedule.parse("0 2 * * *", PARIS);
        assertEquals(
                instants("2026-01-15T01:00:00Z", "2026-01-16T01:00:00Z"),
                times(paris, "2026-01-14T12:00:00Z", "2026-01-16T12:00:00Z"));
        assertEquals(instants("2026-07-15T00:00:00Z"), times(paris, "2026-07-14T12:00:00Z", "2026-07-15T12:00:00Z"));

        BackupSchedule utc = BackupSchedule.parse("0 2 * * *", null);
        assertEquals(ZoneId.of("UTC"), utc.zone());
        assertEquals(
                at("2026-07-15T02:00:00Z"),
                utc.nextAfter(at("2026-07-15T01:59:59.999Z")).orElseThrow());
        assertEquals(
                at("2026-07-16T02:00:00Z"),
                utc.nextAfter(at("2026-07-15T02:00:00Z")).orElseThrow(),
                "strictly after");
        assertEquals(
                at("2026-07-15T02:00:00Z"),
                utc.lastAtOrBefore(at("2026-07-15T02:00:00Z")).orElseThrow(),
                "at or before");
        assertEquals(
                at("2026-07-14T02:00:00Z"),
                utc.lastAtOrBefore(at("2026-07-15T01:59:59Z")).orElseThrow());
    }

    @Test
    void springForwardNightRunsOnceAtTheShiftedInstant() {
        // 2026-03-29 in Paris: 02:00 CET jumps to 03:00 CEST, so 02:00 does not exist that night
        BackupSchedule s = BackupSchedule.parse("0 2 * * *", PARIS);
        assertEquals(
                instants("2026-03-28T01:00:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z"),
                times(s, "2026-03-27T12:00:00Z", "2026-03-30T12:00:00Z"),
                "the 29th runs once, at 03:00 CEST (01:00Z)");
        assertEquals(
                at("2026-03-29T01:00:00Z"),
                s.lastAtOrBefore(at("2026-03-29T23:00:00Z")).orElseThrow());

        BackupSchedule halfPast = BackupSchedule.parse("30 2 * * *", PARIS);
        assertEquals(
                instants("2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"),
                times(halfPast, "2026-03-27T12:00:00Z", "2026-03-30T12:00:00Z"),
                "02:30 runs at 03:30 CEST on the 29th");
    }

    @Test
    void autumnNightRunsOnceInTheRepeatedHour() {
        // 2026-10-25 in Paris: 03:00 CEST goes back to 02:00 CET, so 02:00-03:00 happens twice
        BackupSchedule s = BackupSchedule.parse("0 2 * * *", PARIS);
        assertEquals(
                instants("2026-10-24T00:00:00Z", "2026-10-25T00:00:00Z", "2026-10-26T01:00:00Z"),
                times(s, "2026-10-23T12:00:00Z", "2026-10-26T12:00:00Z"),
                "the 25th runs once, at the first 02:00 (CEST)");
        // the backward search agrees with the forward one (cron-utils alone returns both 02:00s backwards)
        assertEquals(
                at("2026-10-25T00:00:00Z"),
                s.lastAtOrBefore(at("2026-10-25T23:00:00Z")).orElseThrow());
        assertEquals(
                instants("2026-10-26T01:00:00Z", "2026-10-25T00:00:00Z", "2026-10-24T00:00:00Z"),
                s.timesAtOrBefore(at("2026-10-26T12:00:00Z")).limit(3).collect(Collectors.toList()));

        BackupSchedule halfPast = BackupSchedule.parse("30 2 * * *", PARIS);
        assertEquals(
                instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
                times(halfPast, "2026-10-23T12:00:00Z", "2026-10-26T12:00:00Z"));
        assertEquals(
                at("2026-10-25T00:30:00Z"),
                halfPast.lastAtOrBefore(at("2026-10-25T02:00:00Z")).orElseThrow());
    }

    @Test
    void eachLocalNightRunsExactlyOnceThroughAWholeYear() {
        for (String cron : List.of("0 2 * * *", "30 2 * * *", "59 2 * * *", "0 3 * * *", "0 0 * * *")) {
            BackupSchedule s = BackupSchedule.parse(cron, PARIS);
            List<Instant> year = times(s, "2025-12-31T22:59:00Z", "2026-12-31T22:59:00Z");
            List<LocalDate> nights = year.stream()
                    .map(t -> t.atZone(ZoneId.of(PARIS)).toLocalDate())
                    .collect(Collectors.toList());
            assertEquals(365, year.size(), cron);
            assertEquals(365, nights.stream().distinct().count(), cron + ": one run per local date");
        }
    }

    @Test
    void hourlySchedulesRunEveryRealHourAcrossBothChanges() {
        BackupSchedule hourly = BackupSchedule.parse("@hourly", PARIS);
        assertEveryGap(times(hourly, "2026-03-28T20:00:00Z", "2026-03-29T06:00:00Z"), Duration.ofHours(1), 10);
        assertEveryGap(times(hourly, "2026-10-24T20:00:00Z", "2026-10-25T06:00:00Z"), Duration.ofHours(1), 10);
        // the repeated 02:00 runs twice: once per real hour
        assertTrue(times(hourly, "2026-10-24T20:00:00Z", "2026-10-25T06:00:00Z")
                .containsAll(instants("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z")));

        BackupSchedule quarter = BackupSchedule.parse("*/15 * * * *", PARIS);
        assertEveryGap(times(quarter, "2026-03-28T23:00:00Z", "2026-03-29T03:00:00Z"), Duration.ofMinutes(15), 16);
        assertEveryGap(times(quarter, "2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z"), Duration.ofMinutes(15), 16);

        BackupSchedule halfPast = BackupSchedule.parse("30 * * * *", "America/New_York");
        assertEveryGap(times(halfPast, "2026-03-08T04:00:00Z", "2026-03-08T10:00:00Z"), Duration.ofHours(1), 6);
        assertEveryGap(times(halfPast, "2026-11-01T03:00:00Z", "2026-11-01T09:00:00Z"), Duration.ofHours(1), 6);
    }

    private static void assertEveryGap(List<Instant> runs, Duration gap, int expectedRuns) {
        assertEquals(expectedRuns, runs.size(), runs.toString());
        for (int i = 1; i < runs.size(); i++) {
            assertEquals(
                    gap,
                    Duration.between(runs.get(i - 1), runs.get(i)),
                    "between " + runs.get(i - 1) + " and " + runs.get(i));
        }
    }

    @Test
    void overlappingTimesInTheGapFireOnce() {
        // 02:00 shifts onto 03:00 on the spring night: one run, not two at the same instant
        BackupSchedule s = BackupSchedule.parse("0 2,3 * * *", PARIS);
        assertEquals(
                instants(
                        "2026-03-28T01:00:00Z", "2026-03-28T02:00:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z"),
                times(s, "2026-03-27T12:00:00Z", "2026-03-30T00:30:00Z"));
    }

    @Test
    void otherZonesAndHalfHourChanges() {
        // New York springs forward at 02:00 local and falls back at 02:00 local (01:00-02:00 repeated)
        BackupSchedule ny = BackupSchedule.parse("30 2 * * *", "America/New_York");
        assertEquals(
                instants("2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"),
                times(ny, "2026-03-07T00:00:00Z", "2026-03-09T12:00:00Z"));
        BackupSchedule nyRepeated = BackupSchedule.parse("30 1 * * *", "America/New_York");
        assertEquals(
                instants("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                times(nyRepeated, "2026-10-31T00:00:00Z", "2026-11-02T12:00:00Z"));

        // Lord Howe Island moves its clock by 30 minutes: 02:00-02:30 is skipped on 2026-10-04
        BackupSchedule lordHowe = BackupSchedule.parse("15 2 * * *", "Australia/Lord_Howe");
        List<Instant> runs = times(lordHowe, "2026-10-02T00:00:00Z", "2026-10-05T00:00:00Z");
        assertEquals(3, runs.size(), runs.toString());
        assertEquals(
                "02:45",
                runs.get(1)
                        .atZone(ZoneId.of("Australia/Lord_Howe"))
                        .toLocalTime()
                        .toString());
    }

    @ParameterizedTest
    @CsvSource({
        "0 2 * * *, Europe/Paris",
        "30 2 * * *, Europe/Paris",
        "0 * * * *, Europe/Paris",
        "*/20 1-3 * * *, Europe/Paris",
        "15 1-3 * * *, America/New_York",
        "'0 2,3 * * *', Europe/Paris",
        "15 2 * * *, Australia/Lord_Howe",
        "0 0 * * 1-5, UTC",
    })
    void forwardAndBackwardSearchesAgree(String cron, String zone) {
        BackupSchedule s = BackupSchedule.parse(cron, zone);
        // one window across each change of the year, both hemispheres
        for (String[] window : new String[][] {
            {"2026-03-06T00:00:00Z", "2026-04-06T00:00:00Z"}, {"2026-09-30T00:00:00Z", "2026-11-03T00:00:00Z"}
        }) {
            Instant from = at(window[0]);
            Instant to = at(window[1]);
            List<Instant> forward =
                    s.timesAfter(from).takeWhile(t -> !t.isAfter(to)).collect(Collectors.toList());
            List<Instant> backward =
                    s.timesAtOrBefore(to).takeWhile(t -> t.isAfter(from)).collect(Collectors.toList());
            Collections.reverse(backward);
            assertEquals(forward, backward, cron + " in " + zone);
            assertFalse(forward.isEmpty());
            for (int i = 1; i < forward.size(); i++) {
                assertTrue(forward.get(i).isAfter(forward.get(i - 1)), "strictly ascending, never doubled");
            }
            // single-step searches agree with the walks, also between the runs (sampled for dense schedules)
            int step = Math.max(1, forward.size() / 150);
            for (int i = 1; i < forward.size(); i += step) {
                Instant between = forward.get(i - 1)
                        .plus(Duration.between(forward.get(i - 1), forward.get(i))
                                .dividedBy(2));
                assertEquals(forward.get(i), s.nextAfter(between).orElseThrow());
                assertEquals(forward.get(i - 1), s.lastAtOrBefore(between).orElseThrow());
                assertEquals(forward.get(i), s.nextAfter(forward.get(i - 1)).orElseThrow());
            }
        }
    }

    @Test
    void macrosAndCronSyntax() {
        assertEquals("0 0 * * *", BackupSchedule.parse("@daily", null).expression());
        assertEquals("0 0 * * *", BackupSchedule.parse("@midnight", null).expression());
        assertEquals("0 * * * *", BackupSchedule.parse("@HOURLY", null).expression());
        assertEquals("0 0 * * 0", BackupSchedule.parse("@weekly", null).expression());
        assertEquals("0 0 1 * *", BackupSchedule.parse("@monthly", null).expression());
        assertEquals("0 0 1 1 *", BackupSchedule.parse("@yearly", null).expression());
        assertEquals("0 0 1 1 *", BackupSchedule.parse("@annually", null).expression());
        assertEquals(
                BackupSchedule.parse("@daily", "UTC").key(),
                BackupSchedule.parse(" 0  0 * * * ", null).key(),
                "same meaning, same key: not seen as an edit");
        assertEquals(
                "0 2 * * * Europe/Paris",
                BackupSchedule.parse("0 2 * * *", PARIS).key());

        Instant saturday = at("2026-01-03T12:00:00Z");
        Instant sunday = at("2026-01-04T00:00:00Z");
        assertEquals(
                sunday,
                BackupSchedule.parse("0 0 * * 7", null).nextAfter(saturday).orElseThrow(),
                "7 is Sunday");
        assertEquals(
                sunday,
                BackupSchedule.parse("0 0 * * sun", null).nextAfter(saturday).orElseThrow());
        assertEquals(
                at("2027-01-01T00:00:00Z"),
                BackupSchedule.parse("0 0 1 JAN *", null).nextAfter(saturday).orElseThrow());
        // day-of-month and day-of-week both restricted: either one matches, as in crontab and CronJobs
        assertEquals(
                at("2026-01-05T00:00:00Z"),
                BackupSchedule.parse("0 0 15 * MON", null).nextAfter(saturday).orElseThrow());
        assertEquals(
                at("2028-02-29T03:00:00Z"),
                BackupSchedule.parse("0 3 29 2 *", null).nextAfter(saturday).orElseThrow());
    }

    @Test
    void typicalIntervalIsTheLongestGapAhead() {
        Instant january = at("2026-01-10T12:00:00Z");
        assertEquals(
                Duration.ofDays(1), BackupSchedule.parse("0 2 * * *", PARIS).typicalInterval(january));
        assertEquals(
                Duration.ofHours(25),
                BackupSchedule.parse("0 2 * * *", PARIS).typicalInterval(at("2026-10-22T12:00:00Z")),
                "the autumn night is 25 hours long");
        assertEquals(
                Duration.ofHours(1),
                BackupSchedule.parse("@hourly", PARIS).typicalInterval(at("2026-03-29T00:00:00Z")));
        assertEquals(
                Duration.ofDays(3),
                BackupSchedule.parse("0 2 * * 1-5", null).typicalInterval(january),
                "over the weekend");
        assertEquals(Duration.ofDays(31), BackupSchedule.parse("@monthly", null).typicalInterval(january));
    }

    @Test
    void invalidCronNamesTheField() {
        assertInvalid("0 25 * * *", null, "hour field \"25\"", "not in range [0, 23]");
        assertInvalid("61 * * * *", null, "minute field \"61\"");
        assertInvalid("0 0 32 * *", null, "day-of-month field \"32\"");
        assertInvalid("0 0 * 13 *", null, "month field \"13\"");
        assertInvalid("0 0 * * 8", null, "day-of-week field \"8\"");
        assertInvalid("0 0 * * MON#2", null, "day-of-week field");
        assertInvalid("0 0 ? * *", null, "day-of-month field \"?\"");
        assertInvalid("0 0 L * *", null, "day-of-month field \"L\"");
        assertInvalid("5-1 * * * *", null, "minute field \"5-1\"");
        assertInvalid("*/0 * * * *", null, "minute field \"*/0\"");
        assertInvalid("0 0 * *", null, "has 4 fields", "minute hour day-of-month month day-of-week");
        assertInvalid("0 0 0 * * *", null, "has 6 fields");
        assertInvalid("every night", null, "has 2 fields");
        assertInvalid("", null, "schedule is empty");
        assertInvalid(null, null, "schedule is empty");
        assertInvalid("@reboot", null, "not a known macro", "@daily");
        assertInvalid("TZ=Europe/Paris 0 2 * * *", null, "put the zone in timeZone");
        assertInvalid("CRON_TZ=UTC 0 2 * * *", null, "put the zone in timeZone");
        assertInvalid("0 0 30 2 *", null, "never runs");
        assertInvalid("0 0 31 4,6 *", null, "never runs");
    }

    @Test
    void invalidTimeZoneIsNamedWithAHint() {
        assertInvalid("0 2 * * *", "Europe/Pariss", "timeZone \"Europe/Pariss\"", "IANA");
        assertInvalid("0 2 * * *", "europe/paris", "did you mean Europe/Paris?");
        assertInvalid("0 2 * * *", "+02:00", "timeZone \"+02:00\"");
        assertInvalid("0 2 * * *", "CEST", "timeZone \"CEST\"");
        assertEquals(
                ZoneId.of("America/New_York"),
                BackupSchedule.parse("0 2 * * *", " America/New_York ").zone());
        assertEquals(ZoneId.of("UTC"), BackupSchedule.parse("0 2 * * *", "  ").zone());
    }

    private static void assertInvalid(String cron, String zone, String... fragments) {
        BackupException e = assertThrows(BackupException.class, () -> BackupSchedule.parse(cron, zone));
        assertEquals(BackupException.Kind.INVALID, e.kind());
        for (String fragment : fragments) {
            assertTrue(
                    e.getMessage().contains(fragment),
                    "message \"" + e.getMessage() + "\" should contain \"" + fragment + "\"");
        }
    }

    @Test
    void longWalksStayCheap() {
        BackupSchedule everyMinute = BackupSchedule.parse("* * * * *", PARIS);
        long started = System.nanoTime();
        List<Instant> day = new ArrayList<>(times(everyMinute, "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z"));
        assertEquals(24 * 60, day.size());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10,
                "a day of minutes is enumerated quickly");
    }
}
