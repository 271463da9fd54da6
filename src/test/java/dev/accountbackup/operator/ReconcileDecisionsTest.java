package dev.accountbackup.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.operator.backup.AccountBackupReconciler;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.Backoff;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.jobs.RunPlacement;
import dev.accountbackup.operator.jobs.TestJobs;
import dev.accountbackup.operator.resolve.DatabaseTargets;
import dev.accountbackup.operator.resolve.SecretReader;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.resolve.TenantBoundary;
import dev.accountbackup.operator.restore.AccountRestoreReconciler;
import dev.accountbackup.operator.run.ReconcilerParts;
import dev.accountbackup.operator.run.RunLifecycle;
import dev.accountbackup.operator.run.RunListener;
import dev.accountbackup.operator.snapshot.RdsConnections;
import dev.accountbackup.operator.snapshot.RdsFollower;
import dev.accountbackup.operator.snapshot.StepFollower;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.EventSourceManager;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconcilers' decisions, one reconcile call at a time: a fake JOSDK context over the in-process
 * API server, a clock the test moves, and jobs that run only when the test lets them (their export
 * answers what the test scripted). No operator runs, so nothing is awaited.
 */
class ReconcileDecisionsTest {

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("decide");

    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration RETRY_BASE = Duration.ofSeconds(10);
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock(Instant.now());
    private final HeldExecutor executor = new HeldExecutor();
    private final ScriptedEngine engine = new ScriptedEngine();
    private AccountBackupReconciler backups;
    private EventSourceManager<AccountBackup> backupSources;
    private AccountRestoreReconciler restores;
    private EventSourceManager<AccountRestore> restoreSources;

    @BeforeEach
    void reconciler() {
        RunLifecycle lifecycle = new RunLifecycle(new Backoff(RETRY_BASE, Duration.ofMinutes(1)));
        SecretReader secrets = new SecretReader(cluster.client);
        StorageResolver storage =
                new StorageResolver(secrets, TenantBoundary.defaults().withFilesystemRoots(cluster.root()), clock);
        // only snapshots use RDS, and none of these backups takes one: its scheduler never gets a task
        RdsFollower rds = new RdsFollower(RdsConnections.standard(), new StepFollower(null, POLL, 0));
        ReconcilerParts parts = new ReconcilerParts(
                RunPlacement.inProcessOnly(),
                lifecycle,
                new DatabaseTargets(secrets),
                storage,
                engine,
                rds,
                new EventRecorder(cluster.client, clock),
                clock,
                POLL);
        backups = new AccountBackupReconciler(
                parts,
                new JobRunner<>(TestJobs.uncapped(clock), executor, clock),
                Duration.ofMinutes(10),
                RunListener.none());
        backupSources = FakeContext.eventSourcesOf(cluster.client, backups);
        restores = new AccountRestoreReconciler(
                parts, new JobRunner<>(TestJobs.uncapped(clock), executor, clock), cluster.client, RunListener.none());
        restoreSources = FakeContext.eventSourcesOf(cluster.client, restores);
    }

    @AfterEach
    void stop() {
        backupSources.stop();
        restoreSources.stop();
    }

    @Test
    void oneShotBackupStartsOnceAndNeverAgainAfterItSucceeded() {
        engine.exports.add(request -> manifest(request));
        create("once");

        UpdateControl<AccountBackup> started = reconcileBackup("once");
        assertEquals(Optional.of(POLL.toMillis()), started.getScheduleDelay());
        assertEquals(Phase.Running, status("once").getPhase());
        assertEquals(1, status("once").getAttempts());

        // while its job runs (held here), a reconcile starts nothing more and waits one poll interval
        assertEquals(Optional.of(POLL.toMillis()), reconcileBackup("once").getScheduleDelay());
        assertEquals(0, engine.calls);

        executor.runAll();
        assertEquals(1, engine.calls);
        UpdateControl<AccountBackup> recorded = reconcileBackup("once");
        assertEquals(Optional.of(RECHECK.toMillis()), recorded.getScheduleDelay());
        AccountBackupStatus done = status("once");
        assertEquals(Phase.Succeeded, done.getPhase());
        assertTrue(done.getBackupId() != null && !done.getBackupId().isBlank());

        // done: no new job, no reschedule, the status not written again, however often it is reconciled
        String version = cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("once")
                .get()
                .getMetadata()
                .getResourceVersion();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofHours(1));
            UpdateControl<AccountBackup> settled = reconcileBackup("once");
            assertEquals(Optional.empty(), settled.getScheduleDelay());
            assertFalse(settled.isPatchStatus() || settled.isPatchResource());
        }
        executor.runAll();
        assertEquals(1, engine.calls);
        assertEquals(
                version,
                cluster.client
                        .resources(AccountBackup.class)
                        .inNamespace(cluster.ns())
                        .withName("once")
                        .get()
                        .getMetadata()
                        .getResourceVersion());
    }

    @Test
    void transientFailureIsRetriedOnlyAfterItsBackoff() {
        engine.exports.add(request -> {
            throw new BackupException(BackupException.Kind.UNREACHABLE, "the database did not answer");
        });
        engine.exports.add(request -> manifest(request));
        create("flaky");

        reconcileBackup("flaky");
        executor.runAll();
        assertEquals(1, engine.calls);

        UpdateControl<AccountBackup> retrying = reconcileBackup("flaky");
        long delay = retrying.getScheduleDelay().orElseThrow();
        assertTrue(delay >= RETRY_BASE.toMillis() / 2 && delay <= RETRY_BASE.toMillis() * 2 + 10, "delay " + delay);
        AccountBackupStatus waiting = status("flaky");
        assertEquals(Phase.Running, waiting.getPhase());
        assertEquals(1, waiting.getAttempts());
        assertTrue(waiting.getMessage().contains("the database did not answer"), waiting.getMessage());

        // before the back-off has passed, reconciles (e.g. a resync) start nothing
        clock.advance(Duration.ofMillis(delay / 2));
        long rest = reconcileBackup("flaky").getScheduleDelay().orElseThrow();
        assertTrue(rest <= delay - delay / 2 + 10, "rest " + rest);
        executor.runAll();
        assertEquals(1, engine.calls);

        clock.advance(Duration.ofMillis(delay));
        UpdateControl<AccountBackup> second = reconcileBackup("flaky");
        assertEquals(Optional.of(POLL.toMillis()), second.getScheduleDelay());
        assertEquals(2, status("flaky").getAttempts());
        executor.runAll();
        assertEquals(2, engine.calls);
        reconcileBackup("flaky");
        assertEquals(Phase.Succeeded, status("flaky").getPhase());
        assertEquals(2, status("flaky").getAttempts());
    }

    @Test
    void permanentFailureIsNotRetried() {
        engine.exports.add(request -> {
            throw new BackupException(BackupException.Kind.AUTHENTICATION, "password authentication failed");
        });
        create("denied");

        reconcileBackup("denied");
        executor.runAll();
        reconcileBackup("denied");
        assertEquals(Phase.Failed, status("denied").getPhase());

        clock.advance(Duration.ofHours(1));
        assertEquals(Optional.empty(), reconcileBackup("denied").getScheduleDelay());
        executor.runAll();
        assertEquals(1, engine.calls);
    }

    @Test
    void oneShotBackupWaitsForAMissingSecretAndStartsOnceItIsThere() {
        engine.exports.add(request -> manifest(request));
        AccountBackup backup = backup("gitops");
        backup.getSpec().getDatabase().setCredentialsSecret("applied-later");
        cluster.client.resource(backup).create();

        UpdateControl<AccountBackup> waiting = reconcileBackup("gitops");
        assertEquals(Optional.of(POLL.toMillis()), waiting.getScheduleDelay());
        AccountBackupStatus pending = status("gitops");
        assertEquals(Phase.Pending, pending.getPhase());
        assertTrue(pending.getMessage().contains("applied-later"), pending.getMessage());
        executor.runAll();
        assertEquals(0, engine.calls);

        cluster.secret(cluster.ns(), "applied-later", Map.of("username", "postgres", "password", "s3cret-pw"));
        clock.advance(POLL);
        assertEquals(Optional.of(POLL.toMillis()), reconcileBackup("gitops").getScheduleDelay());
        assertEquals(Phase.Running, status("gitops").getPhase());
        executor.runAll();
        assertEquals(1, engine.calls);
        reconcileBackup("gitops");
        assertEquals(Phase.Succeeded, status("gitops").getPhase());
    }

    @Test
    void scheduledBackupStartsOnlyOnceItsCronTimeHasCome() {
        engine.exports.add(request -> manifest(request));
        AccountBackup backup = backup("nightly");
        backup.getSpec().setSchedule("0 3 * * *");
        AccountBackup created = cluster.client.resource(backup).create();
        // the first 03:00 after its creation (the API server stamps real time): no earlier run to catch up
        Instant createdAt = Instant.parse(created.getMetadata().getCreationTimestamp());
        Instant due = createdAt.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(3));
        if (!due.isAfter(createdAt.plusSeconds(180))) {
            due = due.plus(Duration.ofDays(1));
        }

        clock.moveTo(due.minus(Duration.ofMinutes(2)));
        UpdateControl<AccountBackup> early = reconcileBackup("nightly");
        long wait = early.getScheduleDelay().orElseThrow();
        assertTrue(wait > 0 && wait <= Duration.ofMinutes(2).toMillis() + 1000, "wait " + wait);
        executor.runAll();
        assertEquals(0, engine.calls);
        assertNotEquals(Phase.Running, status("nightly").getPhase());

        clock.moveTo(due.minusSeconds(1));
        reconcileBackup("nightly");
        executor.runAll();
        assertEquals(0, engine.calls);

        clock.moveTo(due.plusSeconds(1));
        reconcileBackup("nightly");
        assertEquals(Phase.Running, status("nightly").getPhase());
        executor.runAll();
        assertEquals(1, engine.calls);
        reconcileBackup("nightly");
        AccountBackupStatus after = status("nightly");
        assertEquals(Phase.Succeeded, after.getPhase());
        assertEquals(due, Instant.parse(after.getLastScheduleTime()));

        // the same night's run is not taken twice
        clock.advance(Duration.ofMinutes(5));
        reconcileBackup("nightly");
        reconcileBackup("nightly");
        executor.runAll();
        assertEquals(1, engine.calls);
    }

    @Test
    void restoreOfTheLatestBackupWaitsWhileThatBackupRunsAndStartsOnceItSucceeded() {
        AccountBackup backup = cluster.client.resource(backup("shop")).create();
        backup.setStatus(backupStatus(Phase.Running));
        cluster.client.resource(backup).updateStatus();
        cluster.client.resource(Specs.restore(cluster.ns(), "undo", "shop")).create();

        // the backup's informer wakes it when the backup changes: no polling meanwhile
        UpdateControl<AccountRestore> waiting = reconcileRestore("undo");
        assertEquals(Optional.empty(), waiting.getScheduleDelay());
        AccountRestoreStatus pending = restoreStatus("undo");
        assertEquals(Phase.Pending, pending.getPhase());
        assertTrue(pending.getMessage().contains("waiting for AccountBackup 'shop'"), pending.getMessage());
        assertEquals(Optional.empty(), reconcileRestore("undo").getScheduleDelay());
        executor.runAll();
        assertEquals(0, engine.restoreCalls);

        backup = cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("shop")
                .get();
        backup.setStatus(backupStatus(Phase.Succeeded));
        cluster.client.resource(backup).updateStatus();
        seenByTheRestoreReconciler(backup.getMetadata().getName(), Phase.Succeeded);
        engine.restores.add(request -> new RestoreResult("b1", false, List.of(), null, List.of()));

        UpdateControl<AccountRestore> started = reconcileRestore("undo");
        assertEquals(Optional.of(POLL.toMillis()), started.getScheduleDelay());
        assertEquals(Phase.Running, restoreStatus("undo").getPhase());
        executor.runAll();
        assertEquals(1, engine.restoreCalls);
        reconcileRestore("undo");
        assertEquals(Phase.Succeeded, restoreStatus("undo").getPhase());

        // a restore runs once: never again, whatever comes later
        clock.advance(Duration.ofHours(1));
        assertEquals(Optional.empty(), reconcileRestore("undo").getScheduleDelay());
        executor.runAll();
        assertEquals(1, engine.restoreCalls);
    }

    @Test
    void restoresIntoTheSameTablesRunOneAfterTheOther() {
        AccountBackup backup = cluster.client.resource(backup("shop")).create();
        backup.setStatus(backupStatus(Phase.Succeeded));
        cluster.client.resource(backup).updateStatus();
        seenByTheRestoreReconciler("shop", Phase.Succeeded);
        cluster.client.resource(Specs.restore(cluster.ns(), "first", "shop")).create();
        cluster.client.resource(Specs.restore(cluster.ns(), "second", "shop")).create();
        engine.restores.add(request -> new RestoreResult("b1", false, List.of(), null, List.of()));
        engine.restores.add(request -> new RestoreResult("b1", false, List.of(), null, List.of()));

        reconcileRestore("first");
        assertEquals(Phase.Running, restoreStatus("first").getPhase());

        // the second waits for the first, and looks again every poll interval (the first's end also wakes it)
        UpdateControl<AccountRestore> blocked = reconcileRestore("second");
        assertEquals(Optional.of(POLL.toMillis()), blocked.getScheduleDelay());
        AccountRestoreStatus pending = restoreStatus("second");
        assertEquals(Phase.Pending, pending.getPhase());
        assertTrue(
                pending.getMessage().contains("waiting for AccountRestore " + cluster.ns() + "/first"),
                pending.getMessage());
        executor.runAll();
        assertEquals(1, engine.restoreCalls);
        reconcileRestore("first");
        assertEquals(Phase.Succeeded, restoreStatus("first").getPhase());

        reconcileRestore("second");
        assertEquals(Phase.Running, restoreStatus("second").getPhase());
        executor.runAll();
        assertEquals(2, engine.restoreCalls);
        reconcileRestore("second");
        assertEquals(Phase.Succeeded, restoreStatus("second").getPhase());
    }

    /** Waits (milliseconds, as a running operator would be woken) until the restore's AccountBackup informer has the change. */
    private void seenByTheRestoreReconciler(String backupName, Phase phase) {
        ResourceID id = new ResourceID(backupName, cluster.ns());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (restoreSources.getEventSourcesFor(AccountBackup.class).stream()
                .noneMatch(source -> ((InformerEventSource<AccountBackup, ?>) source)
                        .get(id)
                        .filter(b -> b.getStatus() != null && b.getStatus().getPhase() == phase)
                        .isPresent())) {
            assertTrue(System.nanoTime() < deadline, "the informer never saw the backup " + phase);
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    private static AccountBackupStatus backupStatus(Phase phase) {
        AccountBackupStatus status = new AccountBackupStatus();
        status.setPhase(phase);
        status.setObservedGeneration(1L);
        return status;
    }

    private UpdateControl<AccountRestore> reconcileRestore(String name) {
        AccountRestore current = cluster.client
                .resources(AccountRestore.class)
                .inNamespace(cluster.ns())
                .withName(name)
                .get();
        return restores.reconcile(
                current, FakeContext.of(cluster.client, AccountRestore.class, restoreSources, current));
    }

    private AccountRestoreStatus restoreStatus(String name) {
        return cluster.client
                .resources(AccountRestore.class)
                .inNamespace(cluster.ns())
                .withName(name)
                .get()
                .getStatus();
    }

    private UpdateControl<AccountBackup> reconcileBackup(String name) {
        AccountBackup current = cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName(name)
                .get();
        return backups.reconcile(current, FakeContext.of(cluster.client, AccountBackup.class, backupSources, current));
    }

    private AccountBackupStatus status(String name) {
        return cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName(name)
                .get()
                .getStatus();
    }

    private void create(String name) {
        cluster.client.resource(backup(name)).create();
    }

    private AccountBackup backup(String name) {
        DatabaseSpec database = new DatabaseSpec();
        database.setHost("db.invalid"); // never reached: the engine is scripted
        database.setPort(5432);
        database.setName("shop");
        database.setCredentialsSecret("shop-db");
        return Specs.backup(cluster.ns(), name, database, List.of("public.users"), Specs.filesystem(cluster.root()));
    }

    private Manifest manifest(ExportRequest request) {
        Instant now = clock.instant();
        return new Manifest(
                Manifest.FORMAT_VERSION,
                request.backupId(),
                now,
                now,
                null,
                request.compression(),
                request.labels(),
                List.of());
    }

    /** An engine whose exports answer what the test queued, one per call. */
    private static final class ScriptedEngine implements BackupEngine {
        final Deque<Function<ExportRequest, Manifest>> exports = new ArrayDeque<>();
        final Deque<Function<RestoreRequest, RestoreResult>> restores = new ArrayDeque<>();
        int calls;
        int restoreCalls;

        @Override
        public Manifest export(ExportRequest request) {
            calls++;
            Function<ExportRequest, Manifest> next = exports.poll();
            if (next == null) {
                throw new AssertionError("an export the test did not expect");
            }
            return next.apply(request);
        }

        @Override
        public RestoreResult restore(RestoreRequest request) {
            restoreCalls++;
            Function<RestoreRequest, RestoreResult> next = restores.poll();
            if (next == null) {
                throw new AssertionError("a restore the test did not expect");
            }
            return next.apply(request);
        }
    }

    /** A job executor that holds every task until the test runs them, on the test's thread. */
    static final class HeldExecutor extends TestJobs.TestExecutor {
        private final Deque<Runnable> tasks = new ArrayDeque<>();

        void runAll() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }
    }

    /** A clock that stands still until the test moves it. */
    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void moveTo(Instant t) {
            now = t;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the operator works in UTC");
        }
    }
}
