package dev.accountbackup.operator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The line of runs waiting for a slot: caps, turns across namespaces, and what frees a slot. */
class RunDispatcherTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T02:00:03Z"), ZoneOffset.UTC);

    /** The runs started, in order, each running until the test ends it. */
    private final List<String> started = new ArrayList<>();

    private final Map<String, CompletableFuture<Void>> runs = new HashMap<>();
    private final Map<String, Boolean> waited = new HashMap<>();

    @Test
    void namespacesTakeTurnsAndEachNamespaceIsServedInOrder() {
        RunDispatcher dispatcher = new RunDispatcher(1, 1, CLOCK);
        for (int i = 1; i <= 5; i++) {
            submit(dispatcher, "a", "a" + i);
        }
        submit(dispatcher, "b", "b1");
        submit(dispatcher, "c", "c1");
        submit(dispatcher, "c", "c2");

        for (int i = 0; i < 7; i++) {
            end(started.get(started.size() - 1));
        }
        // a's first run started at once; a's second was waiting before b and c came, then every namespace takes a turn
        assertEquals(List.of("a1", "a2", "b1", "c1", "a3", "c2", "a4", "a5"), started);
        assertFalse(waited.get("a1"), "a run that finds a free slot does not wait");
        assertTrue(waited.get("b1"));
    }

    @Test
    void aNamespaceAtItsOwnCapLetsOthersUseTheFreeSlots() {
        RunDispatcher dispatcher = new RunDispatcher(3, 1, CLOCK);
        submit(dispatcher, "a", "a1");
        submit(dispatcher, "a", "a2");
        submit(dispatcher, "a", "a3");
        submit(dispatcher, "b", "b1");

        assertEquals(List.of("a1", "b1"), started, "one run of a namespace at once, though a third slot is free");
        assertEquals(2, dispatcher.running());
        assertEquals(2, dispatcher.queued());
        end("b1");
        assertEquals(List.of("a1", "b1"), started, "b's slot does not go to a second run of a");
        end("a1");
        assertEquals(List.of("a1", "b1", "a2"), started);
    }

    @Test
    void noMoreRunsAtOnceThanTheOperatorsCap() {
        RunDispatcher dispatcher = new RunDispatcher(2, 2, CLOCK);
        for (int i = 1; i <= 5; i++) {
            submit(dispatcher, "ns" + i, "r" + i);
        }
        assertEquals(List.of("r1", "r2"), started);
        assertEquals(3, dispatcher.queued());
        end("r2");
        assertEquals(List.of("r1", "r2", "r3"), started);
        assertEquals(2, dispatcher.running());
    }

    @Test
    void aCancelledRunNeverStartsAndLeavesTheLine() {
        RunDispatcher dispatcher = new RunDispatcher(1, 1, CLOCK);
        submit(dispatcher, "a", "a1");
        QueuedRun a2 = submit(dispatcher, "a", "a2");
        QueuedRun b1 = submit(dispatcher, "b", "b1");
        assertEquals(2, b1.shownPlace());

        assertTrue(dispatcher.cancel(b1));
        assertFalse(b1.isWaiting());
        assertEquals(0, b1.shownPlace());
        assertEquals(1, a2.shownPlace());
        end("a1");
        end("a2");
        assertEquals(List.of("a1", "a2"), started);
        assertEquals(0, dispatcher.running());
        assertFalse(dispatcher.cancel(a2), "a run that started is not cancelled");
    }

    @Test
    void aRunThatFailsOrCannotStartFreesItsSlot() {
        RunDispatcher dispatcher = new RunDispatcher(1, 1, CLOCK);
        dispatcher.submit("a", waited -> {
            throw new IllegalStateException("the Job could not be created");
        });
        submit(dispatcher, "a", "a2");
        submit(dispatcher, "b", "b1");
        assertEquals(List.of("a2"), started, "the run that could not start gave its slot to the next");

        runs.get("a2").completeExceptionally(new IllegalStateException("export failed"));
        assertEquals(List.of("a2", "b1"), started);
        assertEquals(1, dispatcher.running());
    }

    @Test
    void theNextPartOfAStartedRunGoesFirstInItsNamespacesLine() {
        RunDispatcher dispatcher = new RunDispatcher(1, 1, CLOCK);
        submit(dispatcher, "a", "export a1");
        submit(dispatcher, "a", "export a2");
        dispatcher.submit(
                "a",
                hasWaited -> {
                    started.add("retention a1");
                    return CompletableFuture.completedFuture(null);
                },
                true);
        end("export a1");
        assertEquals(List.of("export a1", "retention a1", "export a2"), started);
    }

    @Test
    void aWaitingRunKnowsItsPlaceAndSinceWhen() {
        RunDispatcher dispatcher = new RunDispatcher(1, 1, CLOCK);
        submit(dispatcher, "a", "a1");
        QueuedRun a2 = submit(dispatcher, "a", "a2");
        QueuedRun a3 = submit(dispatcher, "a", "a3");
        QueuedRun a4 = submit(dispatcher, "a", "a4");
        QueuedRun b1 = submit(dispatcher, "b", "b1");

        // a2, then b's turn, then a3, then a4 (b has no second run)
        assertEquals(List.of(1, 3, 4, 2), List.of(a2.shownPlace(), a3.shownPlace(), a4.shownPlace(), b1.shownPlace()));
        assertEquals(Instant.parse("2026-12-06T02:00:03Z"), b1.since());
    }

    @Test
    void theShownPlaceChangesOnlyWhenTheLineMovedEnoughToHalveIt() {
        RunDispatcher dispatcher = new RunDispatcher(1, 1, CLOCK);
        submit(dispatcher, "a", "r0");
        QueuedRun last = null;
        for (int i = 1; i <= 10; i++) {
            last = submit(dispatcher, "a", "r" + i);
        }
        assertEquals(10, last.shownPlace());
        for (int i = 0; i < 4; i++) {
            end(started.get(started.size() - 1));
        }
        assertEquals(10, last.shownPlace(), "6th in line now: not worth a status write yet");
        end(started.get(started.size() - 1));
        assertEquals(5, last.shownPlace());
    }

    @Test
    void aHerdIsServedFairlyThoughItsRunsArriveNamespaceAfterNamespaceAndEndAtOnce() {
        // 20 namespaces with 10 backups each, all due at 02:00, at most 5 runs at once; each run ends before the next
        // arrives, as tiny exports on a slow API server do
        RunDispatcher dispatcher = new RunDispatcher(5, 5, CLOCK);
        Instant due = Instant.parse("2026-12-06T02:00:00Z");
        for (int n = 0; n < 20; n++) {
            for (int i = 0; i < 10; i++) {
                dispatcher.expect("ns" + n + "-" + i, "ns" + n, due);
            }
        }
        for (int n = 0; n < 20; n++) {
            for (int i = 0; i < 10; i++) {
                submit(dispatcher, "ns" + n, "ns" + n + "-" + i);
                dispatcher.arrived("ns" + n + "-" + i);
                List.copyOf(runs.keySet()).forEach(this::end);
            }
        }
        for (int round = 0; round < 200 && started.size() < 200; round++) {
            List.copyOf(runs.keySet()).forEach(this::end);
        }

        assertEquals(200, started.size());
        int lastNamespacesFirst = started.indexOf("ns19-0");
        int earliestTenth = IntStream.range(0, 20)
                .map(n -> started.indexOf("ns" + n + "-9"))
                .min()
                .orElseThrow();
        assertTrue(
                lastNamespacesFirst < earliestTenth,
                "the last namespace's first run started #" + (lastNamespacesFirst + 1) + ", a tenth run #"
                        + (earliestTenth + 1));
        assertEquals(
                IntStream.range(0, 20).mapToObj(n -> "ns" + n + "-0").toList(),
                started.subList(0, 20),
                "every namespace's first run before any second one");
    }

    @Test
    void withoutExpectedRunsTheLineDoesNotWaitForArrivals() {
        RunDispatcher dispatcher = new RunDispatcher(5, 5, CLOCK);
        for (int i = 0; i < 5; i++) {
            submit(dispatcher, "a", "a" + i);
        }
        assertEquals(5, started.size(), "free slots are used at once outside a herd");
    }

    @Test
    void anExpectedRunThatNeverComesHoldsTheOthersBackOnlyForTheGatheringTime() {
        Instant due = Instant.parse("2026-12-06T02:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(due.plusSeconds(1));
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        RunDispatcher dispatcher = new RunDispatcher(5, 5, clock);
        dispatcher.expect("a1", "a", due);
        dispatcher.expect("a2", "a", due);
        dispatcher.expect("gone", "b", due);
        submit(dispatcher, "a", "a1");
        dispatcher.arrived("a1");
        submit(dispatcher, "a", "a2");
        dispatcher.arrived("a2");
        assertEquals(List.of("a1"), started, "a's second run waits for b's, due at the same minute");

        now.set(due.plus(RunDispatcher.GATHERING).plusSeconds(1));
        end("a1");
        assertEquals(List.of("a1", "a2"), started, "b's run is no longer waited for");
    }

    @Test
    void aSuspendedOrDeletedResourceIsNoLongerWaitedFor() {
        RunDispatcher dispatcher = new RunDispatcher(5, 5, CLOCK);
        dispatcher.expect("b1", "b", Instant.parse("2026-12-06T02:00:00Z"));
        submit(dispatcher, "a", "a1");
        submit(dispatcher, "a", "a2");
        assertEquals(List.of("a1"), started);
        dispatcher.arrived("b1");
        assertEquals(List.of("a1", "a2"), started);
    }

    private QueuedRun submit(RunDispatcher dispatcher, String namespace, String name) {
        return dispatcher.submit(namespace, hasWaited -> {
            started.add(name);
            waited.put(name, hasWaited);
            CompletableFuture<Void> run = new CompletableFuture<>();
            runs.put(name, run);
            return run;
        });
    }

    private void end(String name) {
        runs.get(name).complete(null);
    }
}
