package dev.accountbackup.bench;

import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.operator.BackupEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The real engine, noting in which order exports start (and of which namespace) and when the last one ended. */
final class RecordingEngine implements BackupEngine {

    /** One export: its folder ({@code namespace/name}) and its place in the order of starts (1 = first). */
    record Start(String path, int order, Instant at) {
        String namespace() {
            return path.substring(0, path.indexOf('/'));
        }
    }

    /**
     * The fairness figures: the start number of the last namespace's first run, and of the earliest {@code nth} run of
     * any namespace (0 when no namespace had that many).
     */
    record Fairness(int lastFirstRun, int earliestNthRun) {
        boolean fair() {
            return earliestNthRun == 0 || lastFirstRun < earliestNthRun;
        }

        /** @param namespaces the namespace of each run, in the order they started */
        static Fairness of(List<String> namespaces, int nth) {
            Map<String, List<Integer>> byNamespace = new HashMap<>();
            for (int i = 0; i < namespaces.size(); i++) {
                byNamespace
                        .computeIfAbsent(namespaces.get(i), k -> new ArrayList<>())
                        .add(i + 1);
            }
            int lastFirst = 0;
            int earliestNth = 0;
            for (List<Integer> orders : byNamespace.values()) {
                lastFirst = Math.max(lastFirst, orders.get(0));
                if (orders.size() >= nth) {
                    int nthRun = orders.get(nth - 1);
                    earliestNth = earliestNth == 0 ? nthRun : Math.min(earliestNth, nthRun);
                }
            }
            return new Fairness(lastFirst, earliestNth);
        }
    }

    private final BackupEngine real = BackupEngine.standard();
    private final Clock clock;
    private final Duration hold;
    private final AtomicInteger order = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicReference<Instant> lastEnd = new AtomicReference<>();
    private final Queue<Start> starts = new ConcurrentLinkedQueue<>();

    /** @param hold how long each export is held after its work (a stand-in for bigger tables) */
    RecordingEngine(Clock clock, Duration hold) {
        this.clock = clock;
        this.hold = hold;
    }

    @Override
    public Manifest export(ExportRequest request) {
        starts.add(new Start(request.location().path(), order.incrementAndGet(), clock.instant()));
        try {
            Manifest manifest = real.export(request);
            Thread.sleep(hold.toMillis());
            return manifest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the benchmark stopped", e);
        } finally {
            lastEnd.set(clock.instant());
            ended.incrementAndGet();
        }
    }

    @Override
    public RestoreResult restore(RestoreRequest request) {
        return real.restore(request);
    }

    int ended() {
        return ended.get();
    }

    Optional<Instant> firstStart() {
        return starts.stream().map(Start::at).min(Comparator.naturalOrder());
    }

    Optional<Instant> lastEnd() {
        return Optional.ofNullable(lastEnd.get());
    }

    Fairness fairness(int nth) {
        return Fairness.of(
                starts.stream()
                        .sorted(Comparator.comparingInt(Start::order))
                        .map(Start::namespace)
                        .toList(),
                nth);
    }
}
