package dev.accountbackup.engine.schedule;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.schedule.ScheduleDecision.Action;
import dev.accountbackup.engine.schedule.SkippedTime.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Decides, from the schedule, the spec and what status remembers, whether a scheduled backup starts
 * now. A pure function of its inputs and {@code now}: the controller calls it on every reconcile and
 * requeues for {@link ScheduleDecision#requeueAfter}.
 *
 * <p>Rules:
 * <ul>
 *   <li>Due times are the scheduled times after {@code handledThrough} (after {@code createdAt} for
 *       a new resource) and at or before {@code now}.</li>
 *   <li>Runs never overlap: a due time at which a backup was running (in progress, or finished after
 *       that time) is skipped with {@link Reason#RUN_IN_PROGRESS}.</li>
 *   <li>At most one run per decision: only the most recent due time can run, and only if it is within
 *       the starting deadline (by default: until the next scheduled time). Older due times, after
 *       downtime for example, are skipped with {@link Reason#MISSED}; never a burst of runs.</li>
 *   <li>Suspension stops new runs, and the times passing while suspended are never caught up.</li>
 *   <li>An edited schedule (or resuming) takes effect from the moment the edit is seen: the next run
 *       is the new schedule's first time after it, and nothing before it is caught up.</li>
 * </ul>
 */
public final class Scheduler {

    /** The value {@link ScheduleDecision#observedSchedule()} takes while suspended. */
    public static final String SUSPENDED = "suspended";

    private Scheduler() {}

    /**
     * @param startingDeadline how late a due time may still start; null means "until the next
     *                         scheduled time", i.e. the most recent due time always gets its run
     */
    public static ScheduleDecision decide(
            BackupSchedule schedule, boolean suspend, Duration startingDeadline, ScheduleState state, Instant now) {
        if (startingDeadline != null && startingDeadline.isNegative()) {
            throw BackupException.invalid("startingDeadline must not be negative (got " + startingDeadline + ")");
        }
        String observed = suspend ? SUSPENDED : schedule.key();
        Instant since = state.handledThrough() != null ? state.handledThrough() : state.createdAt();
        boolean changed =
                state.observedSchedule() != null && !state.observedSchedule().equals(observed);
        if (changed && now.isAfter(since)) {
            since = now;
        }
        if (suspend) {
            return new ScheduleDecision(Action.SUSPENDED, null, List.of(), 0, later(since, now), observed, null);
        }
        Instant sinceFinal = since;
        Iterator<Instant> due = schedule.timesAtOrBefore(now)
                .takeWhile(t -> t.isAfter(sinceFinal))
                .limit(ScheduleDecision.SKIP_COUNT_LIMIT + 1L)
                .iterator();
        if (!due.hasNext()) {
            Instant next = schedule.nextAfter(later(since, now)).orElse(null);
            return new ScheduleDecision(Action.WAIT, null, List.of(), 0, since, observed, next);
        }
        Instant newest = due.next();
        Instant next = schedule.nextAfter(now).orElse(null);
        boolean newestCanRun = !overlaps(newest, state)
                && (startingDeadline == null || Duration.between(newest, now).compareTo(startingDeadline) <= 0);
        Skips skips = new Skips();
        if (!newestCanRun) {
            skips.add(newest, state);
        }
        while (due.hasNext() && skips.count < ScheduleDecision.SKIP_COUNT_LIMIT) {
            skips.add(due.next(), state);
        }
        Action action = newestCanRun ? Action.RUN : Action.SKIP;
        return new ScheduleDecision(
                action, newestCanRun ? newest : null, skips.oldestFirst(), skips.count, newest, observed, next);
    }

    /** A run was going at {@code t}: one is still in progress, or the last one ended after {@code t}. */
    private static boolean overlaps(Instant t, ScheduleState state) {
        return state.runInProgress() || (state.lastRunFinishedAt() != null && t.isBefore(state.lastRunFinishedAt()));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Skipped times met newest first; keeps the most recent few and counts all. */
    private static final class Skips {
        private final Deque<SkippedTime> recorded = new ArrayDeque<>();
        private int count;

        void add(Instant t, ScheduleState state) {
            count++;
            if (recorded.size() < ScheduleDecision.MAX_RECORDED_SKIPS) {
                recorded.addFirst(new SkippedTime(t, overlaps(t, state) ? Reason.RUN_IN_PROGRESS : Reason.MISSED));
            }
        }

        List<SkippedTime> oldestFirst() {
            return new ArrayList<>(recorded);
        }
    }
}
