package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a platform team's Prometheus scrapes from /metrics: the values after a backup that succeeds, one that fails, one
 * retried, restores, and an operator restart (the last success is read back from status, not reset).
 */
class OperatorMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("metrics");

    private static OperatorSettings settings() {
        // /metrics beside /healthz, as deployed
        return MockCluster.settings(cluster.root()).withHealthPort(0).withMetricsPort(0);
    }

    @Test
    void aSuccessfulBackupAndItsRestoresShowAndSurviveARestart() throws Exception {
        RunningOperator operator = cluster.startOperator(settings());
        assertEquals(operator.healthPort(), operator.metricsPort(), "served beside the health endpoints");
        String ns = cluster.ns();
        DatabaseTarget db = TestPostgres.newAccountsDatabase(20);
        create(backup(ns, "nightly", db, List.of("public.users")));
        AccountBackup backup = awaitBackup("nightly", Phase.Succeeded);

        MetricsScrape m =
                scrapeWhen(operator, s -> s.has("accountbackup_last_success_timestamp_seconds", "name", "nightly"));
        String[] nightly = {"namespace", ns, "name", "nightly"};
        double lastSuccess = m.get("accountbackup_last_success_timestamp_seconds", nightly);
        assertEquals(Instant.parse(backup.getStatus().getCompletedAt()).toEpochMilli() / 1000.0, lastSuccess, 0.001);
        assertEquals(1, m.get("accountbackup_runs_total", with(nightly, "outcome", "succeeded")));
        assertEquals(0, m.get("accountbackup_runs_total", with(nightly, "outcome", "failed")));
        assertEquals(0, m.get("accountbackup_retries_total", nightly));
        assertEquals(20, m.get("accountbackup_last_success_rows", nightly));
        assertEquals(
                (double) backup.getStatus().getTables().get(0).getBytes(),
                m.get("accountbackup_last_success_stored_bytes", nightly));
        assertTrue(m.get("accountbackup_last_run_duration_seconds", nightly) >= 0);
        assertEquals(1, m.get("accountbackup_phase", with(nightly, "phase", "Succeeded")));
        assertEquals(0, m.get("accountbackup_phase", with(nightly, "phase", "Failed")));
        assertTrue(m.has("accountbackup_created_timestamp_seconds", nightly));
        assertFalse(m.has("accountbackup_schedule_interval_seconds", nightly), "a one-shot backup has no interval");
        // the operator, the Java Operator SDK and the JVM
        assertEquals(1, m.get("accountbackup_operator_leader"));
        assertEquals(0, m.get("accountbackup_operator_jobs_running"));
        assertEquals(0, m.get("accountbackup_operator_jobs_queued"));
        assertEquals(0, m.get("accountbackup_operator_oldest_queued_job_wait_seconds"));
        assertTrue(
                m.get("operator_sdk_controllers_execution_reconcile_success_total", "controller", "accountbackup") > 0,
                "the Java Operator SDK's reconciliation metrics");
        assertTrue(m.has("jvm_memory_used_bytes"), "the JVM's metrics");

        // 5 accounts lost, brought back; a dry run of Replace beside it
        TestPostgres.execute(db, "DELETE FROM users WHERE id <= 5");
        create(Specs.restore(ns, "undo", "nightly"));
        awaitRestore("undo", Phase.Succeeded);
        AccountRestore preview = Specs.restore(ns, "preview", "nightly");
        preview.getSpec().setMode("Replace");
        preview.getSpec().setDryRun(true);
        create(preview);
        awaitRestore("preview", Phase.Succeeded);
        m = scrapeWhen(operator, s -> s.has("accountrestore_rows", "name", "preview"));
        String[] undo = {"namespace", ns, "name", "undo"};
        String[] dryRun = {"namespace", ns, "name", "preview"};
        assertEquals(
                1,
                m.get(
                        "accountrestore_runs_total",
                        with(undo, "mode", "InsertMissing", "dry_run", "false", "outcome", "succeeded")));
        assertEquals(
                0,
                m.get(
                        "accountrestore_runs_total",
                        with(undo, "mode", "InsertMissing", "dry_run", "false", "outcome", "failed")));
        assertEquals(5, m.get("accountrestore_rows", with(undo, "change", "inserted")));
        assertEquals(0, m.get("accountrestore_rows", with(undo, "change", "deleted")));
        assertEquals(0, m.get("accountrestore_dry_run", undo));
        assertTrue(m.get("accountrestore_duration_seconds", undo) >= 0);
        assertEquals(1, m.get("accountrestore_phase", with(undo, "phase", "Succeeded")));
        assertEquals(
                1,
                m.get(
                        "accountrestore_runs_total",
                        with(dryRun, "mode", "Replace", "dry_run", "true", "outcome", "succeeded")));
        assertEquals(1, m.get("accountrestore_dry_run", dryRun));
        assertEquals(0, m.get("accountrestore_rows", with(dryRun, "change", "inserted")), "nothing is missing now");

        // a restart: what lives in status is read back; counters start again at zero, as Prometheus expects
        RunningOperator restarted = cluster.startOperator(settings());
        m = scrapeWhen(restarted, s -> s.has("accountbackup_last_success_timestamp_seconds", "name", "nightly"));
        assertEquals(lastSuccess, m.get("accountbackup_last_success_timestamp_seconds", nightly));
        assertEquals(20, m.get("accountbackup_last_success_rows", nightly));
        assertEquals(1, m.get("accountbackup_phase", with(nightly, "phase", "Succeeded")));
        assertEquals(0, m.get("accountbackup_runs_total", with(nightly, "outcome", "succeeded")));
        assertEquals(5, m.get("accountrestore_rows", with(undo, "change", "inserted")));
        assertEquals(1, m.get("accountrestore_phase", with(undo, "phase", "Succeeded")));

        // a deleted resource takes its series with it
        cluster.client.resource(cluster.restore(ns, "preview")).delete();
        m = scrapeWhen(restarted, s -> !s.has("accountrestore_phase", "name", "preview"));
        assertFalse(m.has("accountrestore_runs_total", "name", "preview"));
        assertFalse(m.has("accountrestore_dry_run", "name", "preview"));
        assertTrue(m.has("accountrestore_phase", "name", "undo"));
    }

    @Test
    void aFailedBackupAndARetriedOneShowInTheMetrics() throws Exception {
        FirstExportUnreachable engine = new FirstExportUnreachable();
        RunningOperator operator = cluster.startOperator(settings(), engine);
        String ns = cluster.ns();
        DatabaseTarget db = TestPostgres.newAccountsDatabase(5);

        AccountBackup flaky = backup(ns, "flaky", db, List.of("public.users"));
        flaky.getSpec().setBackoffLimit(2);
        create(flaky);
        awaitBackup("flaky", Phase.Succeeded);
        assertEquals(2, engine.exports.get(), "one failed attempt, one that succeeded");

        AccountBackup broken = backup(ns, "broken", db, List.of("public.no_such_table"));
        broken.getSpec().setBackoffLimit(0);
        create(broken);
        awaitBackup("broken", Phase.Failed);

        MetricsScrape m = scrapeWhen(operator, s -> s.has("accountbackup_phase", "name", "broken", "phase", "Failed"));
        String[] retried = {"namespace", ns, "name", "flaky"};
        String[] failed = {"namespace", ns, "name", "broken"};
        assertEquals(1, m.get("accountbackup_retries_total", retried));
        assertEquals(1, m.get("accountbackup_runs_total", with(retried, "outcome", "succeeded")));
        assertEquals(0, m.get("accountbackup_runs_total", with(retried, "outcome", "failed")));
        assertEquals(1, m.get("accountbackup_runs_total", with(failed, "outcome", "failed")));
        assertEquals(0, m.get("accountbackup_runs_total", with(failed, "outcome", "succeeded")));
        assertEquals(1, m.get("accountbackup_phase", with(failed, "phase", "Failed")));
        assertFalse(m.has("accountbackup_last_success_timestamp_seconds", failed), "it never succeeded");
        assertTrue(m.has("accountbackup_last_success_timestamp_seconds", retried));

        // a restore that cannot start: counted as failed; a misspelt mode never becomes a label value
        AccountRestore sideways = Specs.restore(ns, "sideways", "flaky");
        sideways.getSpec().setMode("Sideways");
        create(sideways);
        awaitRestore("sideways", Phase.Failed);
        m = scrapeWhen(operator, s -> s.has("accountrestore_phase", "name", "sideways", "phase", "Failed"));
        String[] restore = {"namespace", ns, "name", "sideways"};
        assertEquals(1, m.get("accountrestore_phase", with(restore, "phase", "Failed")));
        assertEquals(
                1,
                m.get(
                        "accountrestore_runs_total",
                        with(restore, "mode", "Invalid", "dry_run", "false", "outcome", "failed")));
        assertFalse(m.text().contains("Sideways"));
    }

    @Test
    void aScheduledBackupShowsItsIntervalNextRunAndSuspension() throws Exception {
        RunningOperator operator = cluster.startOperator(settings());
        String ns = cluster.ns();
        AccountBackup daily = backup(ns, "daily", TestPostgres.newAccountsDatabase(1), List.of("public.users"));
        daily.getSpec().setSchedule("0 2 * * *");
        daily.getSpec().setTimeZone("UTC");
        create(daily);
        String[] labels = {"namespace", ns, "name", "daily"};

        MetricsScrape m = scrapeWhen(operator, s -> s.has("accountbackup_next_run_timestamp_seconds", labels));
        assertEquals(86_400, m.get("accountbackup_schedule_interval_seconds", labels));
        assertEquals(0, m.get("accountbackup_suspended", labels));
        Instant next = Instant.ofEpochSecond((long) m.get("accountbackup_next_run_timestamp_seconds", labels));
        assertEquals(next.toString(), cluster.backup(ns, "daily").getStatus().getNextScheduleTime());
        assertFalse(m.has("accountbackup_last_success_timestamp_seconds", labels), "no backup yet");

        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(ns)
                .withName("daily")
                .edit(b -> {
                    b.getSpec().setSuspend(true);
                    return b;
                });
        m = scrapeWhen(operator, s -> s.value("accountbackup_suspended", labels).orElse(0) == 1);
        assertFalse(m.has("accountbackup_next_run_timestamp_seconds", labels), "nothing is due while suspended");
    }

    private static MetricsScrape scrapeWhen(
            RunningOperator operator, java.util.function.Predicate<MetricsScrape> ready) {
        return await().atMost(TIMEOUT).until(() -> MetricsScrape.of(operator.metricsPort()), ready);
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    private static AccountBackup backup(String ns, String name, DatabaseTarget db, List<String> tables) {
        return Specs.backup(ns, name, Specs.database(db, "shop-db"), tables, Specs.filesystem(cluster.root()));
    }

    private static void create(io.fabric8.kubernetes.api.model.HasMetadata resource) {
        cluster.client.resource(resource).create();
    }

    private static AccountBackup awaitBackup(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), name),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == phase);
    }

    private static AccountRestore awaitRestore(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), name),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
    }

    /** The database is unreachable for the first export (a transient failure), then reachable. */
    private static final class FirstExportUnreachable implements BackupEngine {
        private final BackupEngine real = BackupEngine.standard();
        final AtomicInteger exports = new AtomicInteger();

        @Override
        public Manifest export(ExportRequest request) {
            if (exports.incrementAndGet() == 1) {
                throw new BackupException(BackupException.Kind.UNREACHABLE, "the database did not answer (test)");
            }
            return real.export(request);
        }

        @Override
        public RestoreResult restore(RestoreRequest request) {
            return real.restore(request);
        }
    }
}
