package dev.accountbackup.engine.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import dev.accountbackup.engine.BackupException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * When scheduled backups run: a standard 5-field cron expression (or an {@code @} macro) read in
 * an IANA time zone. Immutable and safe to share.
 *
 * <p>Daylight-saving changes never skip or double a night: a time inside the hour that the spring
 * change removes runs once, shifted later by the gap (02:00 runs at 03:00 new time); a time inside
 * the hour that the autumn change repeats runs once, at its first occurrence. Schedules that fire in
 * every hour of the day ({@code 0 * * * *}, every 15 minutes...) follow real time instead: they run in
 * both copies of the repeated hour, and nothing is run twice when the clock jumps forward.
 */
public final class BackupSchedule {

    /** How many upcoming runs {@link #typicalInterval} looks at: enough to see a weekend or a month end. */
    private static final int INTERVAL_SAMPLE_RUNS = 8;

    private final String cron;
    private final String expression;
    private final ZoneId zone;
    private final ScheduledTimes times;

    private BackupSchedule(String cron, String expression, ZoneId zone, ScheduledTimes times) {
        this.cron = cron;
        this.expression = expression;
        this.zone = zone;
        this.times = times;
    }

    /**
     * Validates a schedule.
     *
     * @param cron     5-field cron ({@code minute hour day-of-month month day-of-week}, names such as
     *                 MON or JAN allowed, day-of-week 0 or 7 is Sunday, day-of-month and day-of-week
     *                 both restricted means either matches) or {@code @hourly}, {@code @daily},
     *                 {@code @midnight}, {@code @weekly}, {@code @monthly}, {@code @yearly}, {@code @annually}
     * @param timeZone IANA zone name such as Europe/Paris; null or blank means UTC
     * @throws BackupException INVALID, naming the field or zone at fault
     */
    public static BackupSchedule parse(String cron, String timeZone) {
        String expression = CronText.expand(cron);
        Cron parsed = CronText.parse(expression, cron);
        ZoneId zone = TimeZones.parse(timeZone);
        ScheduledTimes times =
                new ScheduledTimes(ExecutionTime.forCron(parsed), zone.getRules(), firesEveryHour(expression, cron));
        BackupSchedule schedule = new BackupSchedule(cron.trim(), expression, zone, times);
        // a calendar repeats every 400 years, so a schedule with no time after 1970 never fires
        if (schedule.nextAfter(Instant.EPOCH).isEmpty()) {
            throw BackupException.invalid("schedule \"" + cron.trim() + "\" never runs: no date has that day of month"
                    + " in that month (e.g. 30 February); check the day-of-month and month fields");
        }
        return schedule;
    }

    /** The schedule as written, e.g. {@code @daily}. */
    public String cron() {
        return cron;
    }

    /** The 5 cron fields with macros expanded, e.g. {@code 0 0 * * *} for {@code @daily}. */
    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Identifies what the schedule means (expanded fields and zone), e.g. {@code 0 2 * * * Europe/Paris}:
     * equal keys fire at the same instants, so a changed key is a changed schedule.
     */
    public String key() {
        return expression + " " + zone.getId();
    }

    /** The first scheduled time strictly after {@code t}. */
    public Optional<Instant> nextAfter(Instant t) {
        return times.after(t).findFirst();
    }

    /** The most recent scheduled time at or before {@code t}. */
    public Optional<Instant> lastAtOrBefore(Instant t) {
        return times.atOrBefore(t).findFirst();
    }

    /** Scheduled times strictly after {@code t}, ascending (lazy; limit it). */
    public Stream<Instant> timesAfter(Instant t) {
        return times.after(t);
    }

    /** Scheduled times at or before {@code t}, newest first (lazy; limit it). */
    public Stream<Instant> timesAtOrBefore(Instant t) {
        return times.atOrBefore(t);
    }

    /**
     * How far apart runs are: the longest gap between consecutive runs among the next few after
     * {@code from}. The longest, so that a check such as "no successful backup in two intervals" does
     * not fire over a weekend for a weekday schedule, or on a 25-hour autumn night.
     */
    public Duration typicalInterval(Instant from) {
        Iterator<Instant> upcoming =
                times.after(from).limit(INTERVAL_SAMPLE_RUNS).iterator();
        Duration longest = Duration.ZERO;
        if (!upcoming.hasNext()) {
            return longest;
        }
        Instant previous = upcoming.next();
        while (upcoming.hasNext()) {
            Instant next = upcoming.next();
            Duration gap = Duration.between(previous, next);
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            previous = next;
        }
        return longest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackupSchedule other && key().equals(other.key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return "\"" + cron + "\" in " + zone.getId();
    }

    /** Whether the hour field matches all 24 hours, which makes the schedule follow real time across clock changes. */
    private static boolean firesEveryHour(String expression, String original) {
        String hourField = expression.split(" ")[1];
        ExecutionTime hours = ExecutionTime.forCron(CronText.parse("0 " + hourField + " * * *", original));
        return IntStream.range(0, 24)
                .allMatch(h -> hours.isMatch(ZonedDateTime.of(2026, 1, 1, h, 0, 0, 0, ZoneOffset.UTC)));
    }
}
