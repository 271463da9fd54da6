package dev.accountbackup.operator.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs when a slot is free, fairly across namespaces: at most {@code total} runs at once and at most
 * {@code perNamespace} of one namespace. Waiting runs are kept per namespace, first come first served within one, and
 * the namespaces with waiting runs take turns (round robin), so one namespace's 500 waiting backups hold another
 * namespace's single one back by one turn at most.
 *
 * <p><b>Herds.</b> When many scheduled runs fall due at the same minute (everybody's {@code 0 2 * * *}), their
 * reconciles reach the line one by one, namespace after namespace, over the time the API server takes to answer them
 * all; with short runs and free slots, the first namespaces would run all their backups before the last one's first
 * arrived. So the line also knows which runs are expected ({@link #expect}, from the scheduled resources' next run
 * times): while a run that is due has not arrived yet, no namespace starts its (k+1)-th run before every namespace
 * still awaited has started k. A slot may stay free meanwhile; an expected run that never comes stops being awaited
 * after {@link #GATHERING}.
 *
 * <p>What a started run is belongs to the caller ({@link Start}): work on this process's threads, or a Kubernetes Job.
 * A run holds its slot until the future its start returned completes, however it ends, so the caps count runs wherever
 * they execute, not threads.
 */
public final class RunDispatcher implements JobQueueStats {

    private static final Logger LOG = LoggerFactory.getLogger(RunDispatcher.class);

    /** Starts a run that was given a slot; the slot frees when the returned future completes. */
    @FunctionalInterface
    public interface Start {
        /** @param waited whether the run waited in line (false: it started at once, when it was submitted) */
        CompletableFuture<?> start(boolean waited);
    }

    private final int total;
    private final int perNamespace;
    private final Clock clock;
    private final Map<String, ArrayDeque<QueuedRun>> waiting = new HashMap<>();
    /** The namespaces with waiting runs, whose turn is next first. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();

    private final Map<String, Integer> runningIn = new HashMap<>();
    private int running;

    /**
     * How long a due run that has not reached the line is waited for: long enough for the reconciles of a thousand
     * resources due at once on a slow API server, short enough that a run that never comes (its resource deleted as it
     * fell due) costs a few minutes of fairness, never a stalled line.
     */
    static final Duration GATHERING = Duration.ofMinutes(5);

    /** A scheduled run expected at {@code due}. */
    private record Expected(String namespace, Instant due) {}

    /** The next run of each scheduled resource, by UID, until it reaches the line. */
    private final Map<String, Expected> expected = new HashMap<>();
    /** Runs started per namespace while runs due were awaited: the herd's turns. */
    private final Map<String, Integer> startedInHerd = new HashMap<>();
    /** Looks at a line again when an awaited run stops being awaited, unless something else did first. */
    private static final ScheduledExecutorService RECHECK = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "account-backup-run-line");
        t.setDaemon(true);
        return t;
    });

    private Instant recheckAt;

    public RunDispatcher(int total, int perNamespace, Clock clock) {
        if (total < 1 || perNamespace < 1) {
            throw new IllegalArgumentException("the caps on runs at once must be at least 1");
        }
        this.total = total;
        this.perNamespace = Math.min(perNamespace, total);
        this.clock = clock;
    }

    /** Puts a run at the end of its namespace's line; it starts at once if a slot is free and no one waits before it. */
    public QueuedRun submit(String namespace, Start start) {
        return submit(namespace, start, false);
    }

    /**
     * @param continuation a later part of a run that already had a slot (e.g. retention after its export): it goes
     *                     first in its namespace's line, so that a started run is not held back by its namespace's
     *                     other waiting runs
     */
    public QueuedRun submit(String namespace, Start start, boolean continuation) {
        QueuedRun run = new QueuedRun(this, namespace, clock.instant(), start, continuation);
        List<QueuedRun> startable;
        synchronized (this) {
            ArrayDeque<QueuedRun> line = waiting.computeIfAbsent(namespace, k -> new ArrayDeque<>());
            if (line.isEmpty()) {
                turns.addLast(namespace);
            }
            if (continuation) {
                line.addFirst(run);
            } else {
                line.addLast(run);
            }
            startable = takeStartable();
        }
        launch(startable, run);
        return run;
    }

    /**
     * Notes that a scheduled resource's next run is due at {@code due}, so that, once due, the runs of a herd wait for
     * it to arrive before running ahead of it (see the class comment). A later call for the same UID replaces it.
     */
    public synchronized void expect(String uid, String namespace, Instant due) {
        expected.put(uid, new Expected(namespace, due));
    }

    /** The resource's run reached the line, or will not come (it was decided otherwise): no longer awaited. */
    public void arrived(String uid) {
        List<QueuedRun> startable;
        synchronized (this) {
            if (expected.remove(uid) == null) {
                return;
            }
            startable = takeStartable();
        }
        launch(startable, null);
    }

    /**
     * Takes a waiting run out of line (its resource was deleted): it never starts.
     *
     * @return false when it is no longer waiting (it started, or was cancelled before)
     */
    public synchronized boolean cancel(QueuedRun run) {
        ArrayDeque<QueuedRun> line = waiting.get(run.namespace());
        if (line == null || !line.remove(run)) {
            return false;
        }
        if (line.isEmpty()) {
            waiting.remove(run.namespace());
            turns.remove(run.namespace());
        }
        run.cancelled();
        return true;
    }

    /** Runs holding a slot now. */
    @Override
    public synchronized int running() {
        return running;
    }

    /** Runs waiting for a slot now. */
    @Override
    public synchronized int queued() {
        return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    @Override
    public synchronized Optional<Instant> oldestQueuedSince() {
        return waiting.values().stream()
                .flatMap(ArrayDeque::stream)
                .map(QueuedRun::since)
                .min(Comparator.naturalOrder());
    }

    /**
     * How many runs start before this one, plus one (1 = next), if nothing else changes: the turns of the other namespaces
     * come first, each taking one run per turn. An estimate: a namespace at its own cap lets others go first.
     *
     * @return 0 when the run is no longer waiting
     */
    synchronized int placeInLine(QueuedRun run) {
        ArrayDeque<QueuedRun> line = waiting.get(run.namespace());
        int ahead = line == null ? -1 : indexOf(line, run);
        if (ahead < 0) {
            return 0;
        }
        int before = ahead;
        boolean turnPassed = false; // namespaces before this one in the turns get one more turn before this run's
        for (String namespace : turns) {
            if (namespace.equals(run.namespace())) {
                turnPassed = true;
                continue;
            }
            before += Math.min(waiting.get(namespace).size(), turnPassed ? ahead : ahead + 1);
        }
        return before + 1;
    }

    private static int indexOf(ArrayDeque<QueuedRun> line, QueuedRun run) {
        int i = 0;
        for (Iterator<QueuedRun> it = line.iterator(); it.hasNext(); i++) {
            if (it.next() == run) {
                return i;
            }
        }
        return -1;
    }

    /** Takes the runs that may start now, in turn, and counts them as running. */
    private List<QueuedRun> takeStartable() {
        OptionalInt herdFloor = herdFloor();
        List<QueuedRun> startable = new ArrayList<>();
        int passedOver = 0;
        while (running < total && passedOver < turns.size()) {
            String namespace = turns.pollFirst();
            ArrayDeque<QueuedRun> line = waiting.get(namespace);
            if (runningIn.getOrDefault(namespace, 0) >= perNamespace
                    || aheadOfTheHerd(namespace, line.peekFirst(), herdFloor)) {
                turns.addLast(namespace); // at its own cap, or ahead of a namespace awaited: the others go first
                passedOver++;
                continue;
            }
            QueuedRun run = line.pollFirst();
            startable.add(run);
            if (line.isEmpty()) {
                waiting.remove(namespace);
            } else {
                turns.addLast(namespace);
            }
            running++;
            runningIn.merge(namespace, 1, Integer::sum);
            if (herdFloor.isPresent() && !run.continuation()) {
                startedInHerd.merge(namespace, 1, Integer::sum);
            }
            passedOver = 0;
        }
        startable.forEach(QueuedRun::started);
        return startable;
    }

    /**
     * The fewest runs any awaited namespace has started in this herd, or empty when no due run is awaited (then the
     * herd's counts start again from zero). Expected runs awaited longer than {@link #GATHERING} are dropped.
     */
    private OptionalInt herdFloor() {
        Instant now = clock.instant();
        expected.values().removeIf(e -> !now.isBefore(e.due().plus(GATHERING)));
        OptionalInt floor = expected.values().stream()
                .filter(e -> !e.due().isAfter(now))
                .mapToInt(e -> startedInHerd.getOrDefault(e.namespace(), 0))
                .min();
        if (floor.isEmpty()) {
            startedInHerd.clear();
        }
        return floor;
    }

    /**
     * Whether starting this namespace's next run would put it more than one run ahead of an awaited namespace; if so,
     * the line is looked at again when the awaited runs stop being awaited at the latest. A later part of a run that
     * already had a slot (retention after its export) is never held back.
     */
    private boolean aheadOfTheHerd(String namespace, QueuedRun next, OptionalInt herdFloor) {
        if (herdFloor.isEmpty()
                || next.continuation()
                || startedInHerd.getOrDefault(namespace, 0) <= herdFloor.getAsInt()) {
            return false;
        }
        recheckWhenAwaitedRunsExpire();
        return true;
    }

    private void recheckWhenAwaitedRunsExpire() {
        Instant now = clock.instant();
        Instant at = expected.values().stream()
                .map(Expected::due)
                .filter(due -> !due.isAfter(now))
                .min(Comparator.naturalOrder())
                .map(due -> due.plus(GATHERING))
                .orElse(now);
        if (recheckAt != null && recheckAt.isAfter(now) && !recheckAt.isAfter(at)) {
            return; // one is already planned, as early
        }
        recheckAt = at;
        RECHECK.schedule(this::admit, Duration.between(now, at).toMillis() + 1, TimeUnit.MILLISECONDS);
    }

    /** Starts what may start now (after a wait that no submit or release ended). */
    private void admit() {
        List<QueuedRun> startable;
        synchronized (this) {
            startable = takeStartable();
        }
        launch(startable, null);
    }

    /** Starts runs outside the lock: a start may take a while (e.g. creating a Kubernetes Job). */
    private void launch(List<QueuedRun> startable, QueuedRun submitted) {
        for (QueuedRun run : startable) {
            CompletableFuture<?> done;
            try {
                done = run.start().start(run != submitted);
            } catch (RejectedExecutionException e) {
                done = CompletableFuture.failedFuture(e); // the operator is stopping
            } catch (RuntimeException e) {
                LOG.error("a run of namespace {} could not start: {}", run.namespace(), SafeErrors.describe(e));
                done = CompletableFuture.failedFuture(e);
            }
            done.whenComplete((value, error) -> release(run.namespace()));
        }
    }

    private void release(String namespace) {
        List<QueuedRun> startable;
        synchronized (this) {
            running--;
            runningIn.computeIfPresent(namespace, (k, n) -> n == 1 ? null : n - 1);
            startable = takeStartable();
        }
        launch(startable, null);
    }
}
