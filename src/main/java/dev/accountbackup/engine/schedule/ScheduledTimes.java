package dev.accountbackup.engine.schedule;

import com.cronutils.model.time.ExecutionTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The instants at which a cron schedule fires in a time zone, with our daylight-saving rules.
 *
 * <p>cron-utils evaluated in a zone with daylight saving skips the spring-forward night for a time
 * inside the missing hour, and its forward and backward searches disagree about the repeated autumn
 * hour. So cron-utils only walks wall-clock times here (evaluated in UTC, where no clock change
 * exists), and each wall-clock time is mapped to instants by these rules:
 * <ul>
 *   <li>a wall-clock time that does not exist (spring forward) fires once, shifted later by the
 *       length of the gap (02:30 in a 02:00-03:00 gap fires at 03:30 new time);</li>
 *   <li>a wall-clock time that occurs twice (autumn) fires at its first occurrence only, unless the
 *       schedule runs in every hour of the day: then it follows real time and fires at both;</li>
 *   <li>two wall-clock times that land on the same instant fire once.</li>
 * </ul>
 * Mapping is not monotonic near a transition (a shifted time can land after the next wall-clock
 * time), so candidates are buffered until no later wall-clock time can map before them: the
 * zone's overall offset range bounds how far a wall-clock time and its instant can be apart.
 */
final class ScheduledTimes {

    private static final ZoneOffset WALL = ZoneOffset.UTC;

    private final ExecutionTime wallClock;
    private final ZoneRules rules;
    private final boolean firesEveryHour;
    private final long minOffsetSeconds;
    private final long maxOffsetSeconds;

    ScheduledTimes(ExecutionTime wallClock, ZoneRules rules, boolean firesEveryHour) {
        this.wallClock = wallClock;
        this.rules = rules;
        this.firesEveryHour = firesEveryHour;
        List<ZoneOffset> offsets = offsetsEverUsed(rules);
        this.minOffsetSeconds =
                offsets.stream().mapToLong(ZoneOffset::getTotalSeconds).min().orElseThrow();
        this.maxOffsetSeconds =
                offsets.stream().mapToLong(ZoneOffset::getTotalSeconds).max().orElseThrow();
    }

    /** Scheduled instants strictly after {@code t}, ascending. */
    Stream<Instant> after(Instant t) {
        return stream(new Ascending(t));
    }

    /** Scheduled instants at or before {@code t}, descending. */
    Stream<Instant> atOrBefore(Instant t) {
        return stream(new Descending(t));
    }

    /** The instants a wall-clock time fires at (one, or two in a repeated hour for every-hour schedules). */
    private List<Instant> instantsOf(LocalDateTime wall) {
        ZoneOffsetTransition transition = rules.getTransition(wall);
        if (transition == null) {
            return List.of(wall.toInstant(rules.getOffset(wall)));
        }
        // in a gap, the offset before the transition gives the instant shifted by the gap's length
        Instant first = wall.toInstant(transition.getOffsetBefore());
        if (transition.isGap() || !firesEveryHour) {
            return List.of(first);
        }
        return List.of(first, wall.toInstant(transition.getOffsetAfter()));
    }

    private static LocalDateTime wallMinute(Instant t, long offsetSeconds) {
        return LocalDateTime.ofEpochSecond(t.getEpochSecond() + offsetSeconds, 0, WALL)
                .truncatedTo(ChronoUnit.MINUTES);
    }

    private static Instant asInstant(LocalDateTime wall, long offsetSeconds) {
        return wall.toInstant(WALL).minusSeconds(offsetSeconds);
    }

    private static List<ZoneOffset> offsetsEverUsed(ZoneRules rules) {
        TreeSet<ZoneOffset> offsets = new TreeSet<>();
        offsets.add(rules.getOffset(Instant.EPOCH));
        for (ZoneOffsetTransition t : rules.getTransitions()) {
            offsets.add(t.getOffsetBefore());
            offsets.add(t.getOffsetAfter());
        }
        for (ZoneOffsetTransitionRule r : rules.getTransitionRules()) {
            offsets.add(r.getOffsetBefore());
            offsets.add(r.getOffsetAfter());
            offsets.add(r.getStandardOffset());
        }
        return List.copyOf(offsets);
    }

    private static Stream<Instant> stream(Iterator<Instant> it) {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(
                        it, Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL),
                false);
    }

    /** The schedule's instants one by one, from wall-clock times found on demand around a cursor. */
    private abstract static class Walk implements Iterator<Instant> {
        protected final TreeSet<Instant> pending = new TreeSet<>();
        protected LocalDateTime cursor;
        protected boolean exhausted;

        /** Adds instants to {@code pending} until its next one is final, or sets {@code exhausted}. */
        protected abstract void fill();

        /** Removes and returns the next pending instant in this walk's direction. */
        protected abstract Instant take();

        @Override
        public boolean hasNext() {
            fill();
            return !pending.isEmpty();
        }

        @Override
        public Instant next() {
            fill();
            if (pending.isEmpty()) {
                throw new NoSuchElementException();
            }
            return take();
        }
    }

    private final class Ascending extends Walk {
        private final Instant after;

        Ascending(Instant after) {
            this.after = after;
            // a wall-clock time w maps no earlier than w - maxOffset and no later than w - minOffset
            this.cursor = wallMinute(after, minOffsetSeconds);
        }

        @Override
        protected Instant take() {
            return pending.pollFirst();
        }

        @Override
        protected void fill() {
            // the smallest pending instant is final once every later wall-clock time maps after it
            while (!exhausted && (pending.isEmpty() || pending.first().isAfter(asInstant(cursor, maxOffsetSeconds)))) {
                Optional<ZonedDateTime> next = wallClock.nextExecution(cursor.atZone(WALL));
                if (next.isEmpty() || !next.get().toLocalDateTime().isAfter(cursor)) {
                    exhausted = true;
                    return;
                }
                cursor = next.get().toLocalDateTime();
                for (Instant i : instantsOf(cursor)) {
                    if (i.isAfter(after)) {
                        pending.add(i);
                    }
                }
            }
        }
    }

    private final class Descending extends Walk {
        private final Instant atOrBefore;

        Descending(Instant atOrBefore) {
            this.atOrBefore = atOrBefore;
            this.cursor = wallMinute(atOrBefore, maxOffsetSeconds).plusMinutes(1);
        }

        @Override
        protected Instant take() {
            return pending.pollLast();
        }

        @Override
        protected void fill() {
            // the largest pending instant is final once every earlier wall-clock time maps before it
            while (!exhausted && (pending.isEmpty() || pending.last().isBefore(asInstant(cursor, minOffsetSeconds)))) {
                Optional<ZonedDateTime> previous = wallClock.lastExecution(cursor.atZone(WALL));
                if (previous.isEmpty() || !previous.get().toLocalDateTime().isBefore(cursor)) {
                    exhausted = true;
                    return;
                }
                cursor = previous.get().toLocalDateTime();
                for (Instant i : instantsOf(cursor)) {
                    if (!i.isAfter(atOrBefore)) {
                        pending.add(i);
                    }
                }
            }
        }
    }
}
