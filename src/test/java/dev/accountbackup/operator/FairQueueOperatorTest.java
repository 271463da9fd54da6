package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RunStatus;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The line of runs waiting for a job slot, through the operator: namespaces take turns, and queued runs say where they are. */
class FairQueueOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("fair");

    @Test
    void aSingleBackupOfAnotherNamespaceStartsBeforeMostOfABusyNamespacesLine() {
        HeldExports engine = new HeldExports();
        cluster.startOperator(MockCluster.settings(cluster.root()).withMaxConcurrentJobs(1), engine);
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        String busy = cluster.ns();
        List<String> names =
                IntStream.rangeClosed(1, 6).mapToObj(i -> "nightly-" + i).toList();
        names.forEach(name -> create(busy, name, db));
        await().atMost(TIMEOUT).until(() -> queued(busy, names) == names.size() - 1);

        String quiet = cluster.newNamespace();
        create(quiet, "single", db);
        AccountBackupStatus waiting = await().atMost(TIMEOUT)
                .until(() -> cluster.backup(quiet, "single").getStatus(), FairQueueOperatorTest::isQueued);
        // the busy namespace's next run was waiting before this one came; then it is this namespace's turn
        assertTrue(
                waiting.getMessage().matches("queued since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, 2nd in line .*"),
                waiting.getMessage());
        assertEquals(Phase.Running, waiting.getPhase());

        engine.go.release(names.size() + 1);
        await().atMost(TIMEOUT).until(() -> succeeded(busy, names) == names.size());
        AccountBackupStatus done = await().atMost(TIMEOUT)
                .until(() -> cluster.backup(quiet, "single").getStatus(), s -> s.getPhase() == Phase.Succeeded);
        assertFalse(done.getMessage().contains("in line"), done.getMessage());
        assertEquals(names.size() + 1, engine.started.size(), engine.started.toString());
        assertEquals(quiet + "/single", engine.started.get(2), "started in this order: " + engine.started);
    }

    @Test
    void aHerdDueAtTheSameMinuteIsServedFairlyEvenWhenRunsEndFasterThanTheyArrive() {
        // 8 namespaces with 5 tiny backups each, all due at 02:00, at most 2 runs at once: the reconciles reach the
        // line namespace after namespace, each run ends in a moment, yet the last namespace's first run starts before
        // any namespace's fifth (bench-fleet plays the same at 100 namespaces x 10)
        HeldExports engine = new HeldExports();
        engine.go.release(1000);
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        List<String> namespaces =
                IntStream.range(0, 8).mapToObj(n -> cluster.newNamespace()).toList();
        List<String> names = IntStream.range(0, 5).mapToObj(i -> "nightly-" + i).toList();
        for (String ns : namespaces) {
            for (String name : names) {
                AccountBackup backup = Specs.backup(
                        ns,
                        name,
                        Specs.database(db, "shop-db"),
                        List.of("public.users"),
                        Specs.filesystem(cluster.root()));
                backup.getSpec().setSchedule("0 2 * * *");
                cluster.client.resource(backup).create();
            }
        }
        // 02:00 comes once the operator has had the time to see every backup (and to tell the line what is due)
        Duration lead = Duration.ofSeconds(12);
        Instant due = Instant.parse("2026-12-07T02:00:00Z");
        Clock clock =
                Clock.offset(Clock.systemUTC(), Duration.between(Instant.now().plus(lead), due));
        cluster.startOperator(MockCluster.settings(cluster.root()).withMaxConcurrentJobs(2), engine, clock);
        await().atMost(lead)
                .until(() -> namespaces.stream()
                        .allMatch(ns -> names.stream().allMatch(name -> {
                            AccountBackupStatus status =
                                    cluster.backup(ns, name).getStatus();
                            return status != null && status.getNextScheduleTime() != null;
                        })));
        assertTrue(clock.instant().isBefore(due), "every backup was seen before 02:00, as the test needs");

        await().atMost(Duration.ofMinutes(5)).until(() -> engine.started.size() == 40);
        List<String> order = List.copyOf(engine.started);
        int lastFirst =
                namespaces.stream().mapToInt(ns -> nth(order, ns, 1)).max().orElseThrow();
        int earliestFifth =
                namespaces.stream().mapToInt(ns -> nth(order, ns, 5)).min().orElseThrow();
        assertTrue(
                lastFirst < earliestFifth,
                "the last namespace's first run started #" + (lastFirst + 1) + ", the earliest fifth #"
                        + (earliestFifth + 1) + ": " + order);
    }

    /** Where the namespace's nth run (1 = first) is in the order of starts. */
    private static int nth(List<String> order, String namespace, int nth) {
        int seen = 0;
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).startsWith(namespace + "/") && ++seen == nth) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    @Test
    void aBackupDeletedWhileItWaitsNeverRuns() {
        HeldExports engine = new HeldExports();
        cluster.startOperator(MockCluster.settings(cluster.root()).withMaxConcurrentJobs(1), engine);
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        String ns = cluster.ns();
        create(ns, "first", db);
        await().atMost(TIMEOUT).until(() -> engine.started.size() == 1);
        create(ns, "deleted", db);
        create(ns, "kept", db);
        await().atMost(TIMEOUT).until(() -> queued(ns, List.of("deleted", "kept")) == 2);

        cluster.client.resource(cluster.backup(ns, "deleted")).delete();
        await().atMost(TIMEOUT).until(() -> cluster.backup(ns, "deleted") == null);
        engine.go.release(3);
        await().atMost(TIMEOUT).until(() -> succeeded(ns, List.of("first", "kept")) == 2);
        assertEquals(List.of(ns + "/first", ns + "/kept"), engine.started);
    }

    @Test
    void aRestoreDeletedWhileItWaitsNeverRuns() {
        HeldExports engine = new HeldExports();
        engine.go.release(1);
        cluster.startOperator(MockCluster.settings(cluster.root()).withMaxConcurrentJobs(1), engine);
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        String ns = cluster.ns();
        create(ns, "nightly", db, List.of("public.users", "public.user_profiles"));
        await().atMost(TIMEOUT).until(() -> succeeded(ns, List.of("nightly")) == 1);

        // different tables, so that the second restore waits for a slot, not for the first restore's tables
        cluster.client.resource(restore(ns, "first", "public.users")).create();
        await().atMost(TIMEOUT).until(() -> engine.restores.get() == 1);
        cluster.client.resource(restore(ns, "deleted", "public.user_profiles")).create();
        await().atMost(TIMEOUT)
                .until(() -> isQueued(cluster.restore(ns, "deleted").getStatus()));

        cluster.client.resource(cluster.restore(ns, "deleted")).delete();
        await().atMost(TIMEOUT).until(() -> cluster.restore(ns, "deleted") == null);
        engine.go.release(2);
        await().atMost(TIMEOUT)
                .until(() -> cluster.restore(ns, "first").getStatus().getPhase() == Phase.Succeeded);
        cluster.client.resource(restore(ns, "after", "public.user_profiles")).create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(ns, "after").getStatus(),
                        s -> s != null && s.getPhase() == Phase.Succeeded);
        assertEquals(2, engine.restores.get(), "the deleted restore never ran");
    }

    private static void create(String namespace, String name, DatabaseTarget db) {
        create(namespace, name, db, List.of("public.users"));
    }

    private static void create(String namespace, String name, DatabaseTarget db, List<String> tables) {
        cluster.client
                .resource(Specs.backup(
                        namespace, name, Specs.database(db, "shop-db"), tables, Specs.filesystem(cluster.root())))
                .create();
    }

    private static AccountRestore restore(String namespace, String name, String table) {
        AccountRestore restore = Specs.restore(namespace, name, "nightly");
        restore.getSpec().setTables(List.of(table));
        return restore;
    }

    private static long queued(String namespace, List<String> names) {
        return names.stream()
                .map(name -> cluster.backup(namespace, name))
                .filter(b -> b != null && isQueued(b.getStatus()))
                .count();
    }

    private static long succeeded(String namespace, List<String> names) {
        return names.stream()
                .map(name -> cluster.backup(namespace, name).getStatus())
                .filter(s -> s != null && s.getPhase() == Phase.Succeeded)
                .count();
    }

    private static boolean isQueued(RunStatus status) {
        return status != null
                && status.getConditions() != null
                && Conditions.find(status.getConditions(), Conditions.READY) != null
                && "Queued"
                        .equals(Conditions.find(status.getConditions(), Conditions.READY)
                                .getReason());
    }

    /**
     * The real engine, except that each export and restore waits for a permit; the order exports start in and the
     * number of restores are recorded.
     */
    private static final class HeldExports implements BackupEngine {
        private final BackupEngine real = BackupEngine.standard();
        final List<String> started = new CopyOnWriteArrayList<>();
        final AtomicInteger restores = new AtomicInteger();
        final Semaphore go = new Semaphore(0);

        @Override
        public Manifest export(ExportRequest request) {
            started.add(request.location().path());
            hold();
            return real.export(request);
        }

        private void hold() {
            try {
                go.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public RestoreResult restore(RestoreRequest request) {
            restores.incrementAndGet();
            hold();
            return real.restore(request);
        }
    }
}
