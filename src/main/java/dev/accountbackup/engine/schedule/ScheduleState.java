package dev.accountbackup.engine.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * What the scheduler needs to remember between decisions, plus the state of the runs. The controller
 * keeps {@code handledThrough} and {@code observedSchedule} in the resource status exactly as the last
 * {@link ScheduleDecision} returned them.
 *
 * @param createdAt         when the resource was created: times at or before it never run
 * @param handledThrough    every scheduled time at or before this instant has been run or skipped;
 *                          null for a resource never decided on
 * @param observedSchedule  {@link ScheduleDecision#observedSchedule()} of the last decision; null when
 *                          unknown (then the schedule is taken as unchanged)
 * @param runInProgress     a scheduled backup has started and has neither completed nor given up
 *                          (retries included)
 * @param lastRunFinishedAt when the most recent scheduled backup ended, successfully or not; null if
 *                          none has ended. Times before it are skipped as overlapping even when the
 *                          decision is taken after the run ended, so the outcome does not depend on
 *                          when the controller happened to be called.
 */
public record ScheduleState(
        Instant createdAt,
        Instant handledThrough,
        String observedSchedule,
        boolean runInProgress,
        Instant lastRunFinishedAt) {

    public ScheduleState {
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A resource just created: nothing handled, nothing running. */
    public static ScheduleState newResource(Instant createdAt) {
        return new ScheduleState(createdAt, null, null, false, null);
    }
}
