package dev.accountbackup.operator.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs when a slot is free, fairly across namespaces: at most {@code total} runs at once and at most
 * {@code perNamespace} of one namespace. Waiting runs are kept per namespace, first come first served within one, and
 * the namespaces with waiting runs take turns (round robin), so one namespace's 500 waiting backups hold another
 * namespace's single one back by one turn at most.
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
        QueuedRun run = new QueuedRun(this, namespace, clock.instant(), start);
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
        List<QueuedRun> startable = new ArrayList<>();
        int passedOver = 0;
        while (running < total && passedOver < turns.size()) {
            String namespace = turns.pollFirst();
            if (runningIn.getOrDefault(namespace, 0) >= perNamespace) {
                turns.addLast(namespace); // at its own cap: the others go first
                passedOver++;
                continue;
            }
            ArrayDeque<QueuedRun> line = waiting.get(namespace);
            startable.add(line.pollFirst());
            if (line.isEmpty()) {
                waiting.remove(namespace);
            } else {
                turns.addLast(namespace);
            }
            running++;
            runningIn.merge(namespace, 1, Integer::sum);
            passedOver = 0;
        }
        startable.forEach(QueuedRun::started);
        return startable;
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
