package dev.accountbackup.engine.schedule;

import dev.accountbackup.engine.BackupIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What to do now for a scheduled backup, and what to record in status.
 *
 * @param action           what to do
 * @param runTime          for {@link Action#RUN}: the scheduled time to back up (the backup id derives
 *                         from it); null otherwise
 * @param skipped          times given up by this decision, oldest first; at most
 *                         {@link #MAX_RECORDED_SKIPS}, the most recent ones
 * @param skippedCount     how many times this decision gave up, counted up to {@link #SKIP_COUNT_LIMIT}
 * @param handledThrough   to store in status: every scheduled time at or before it is dealt with
 * @param observedSchedule to store in status: the schedule (or suspension) this decision followed
 * @param nextScheduleTime the next time a backup is due; null while suspended (nothing will run)
 */
public record ScheduleDecision(
        Action action,
        Instant runTime,
        List<SkippedTime> skipped,
        int skippedCount,
        Instant handledThrough,
        String observedSchedule,
        Instant nextScheduleTime) {

    /** How many skipped times a decision reports one by one; status keeps a short history. */
    public static final int MAX_RECORDED_SKIPS = 10;
    /** Counting stops here, so years of downtime on a per-minute schedule cost little. */
    public static final int SKIP_COUNT_LIMIT = 1000;

    public enum Action {
        /** Start the backup for {@link #runTime()} now. */
        RUN,
        /** Nothing to start: every due time was given up (see {@link #skipped()}). */
        SKIP,
        /** Nothing is due before {@link #nextScheduleTime()}. */
        WAIT,
        /** suspend is set: nothing starts, and the times that pass while suspended are never caught up. */
        SUSPENDED
    }

    public ScheduleDecision {
        skipped = List.copyOf(skipped);
    }

    /** The id of the backup to run: derived from the scheduled time, so a retried run keeps it. */
    public String backupId() {
        if (action != Action.RUN) {
            throw new IllegalStateException("no backup to run: the decision is " + action);
        }
        return BackupIds.fromTime(runTime);
    }

    public Optional<Instant> next() {
        return Optional.ofNullable(nextScheduleTime);
    }

    /** How long until the next decision is needed (zero if overdue); empty when no time is coming. */
    public Optional<Duration> requeueAfter(Instant now) {
        return next().map(t -> t.isAfter(now) ? Duration.between(now, t) : Duration.ZERO);
    }

    /**
     * One line for logs and events, e.g. {@code run for 2026-11-25T02:00:00Z; 2 earlier scheduled times skipped
     * (latest 2026-11-24T02:00:00Z: missed while the operator was not running, or past the starting deadline)}.
     */
    public String describe() {
        String main = switch (action) {
            case RUN -> "run for " + runTime;
            case SKIP -> "nothing to run";
            case WAIT -> "waiting for " + (nextScheduleTime == null ? "a scheduled time" : nextScheduleTime);
            case SUSPENDED -> "suspended";
        };
        if (skippedCount == 0) {
            return main;
        }
        String count = skippedCount >= SKIP_COUNT_LIMIT ? "at least " + SKIP_COUNT_LIMIT : String.valueOf(skippedCount);
        return main + "; " + count + (action == Action.RUN ? " earlier" : "") + " scheduled time"
                + (skippedCount == 1 ? "" : "s") + " skipped (latest "
                + skipped.get(skipped.size() - 1).describe() + ")";
    }
}
