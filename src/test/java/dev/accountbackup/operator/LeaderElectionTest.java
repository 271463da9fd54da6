package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.operator.jobs.batch.BatchJobSettings;
import dev.accountbackup.operator.resolve.TenantBoundary;
import dev.accountbackup.testing.TestPostgres;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas with leader election: only the holder of the Lease works (and says so in its metrics); the other takes
 * over when it stops.
 */
class LeaderElectionTest {

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("leader");

    @Test
    void onlyTheLeaderRunsBackupsAndTheStandbyTakesOver() throws Exception {
        OperatorSettings settings = new OperatorSettings(
                new OperatorSettings.Cluster(Set.of(), true, "account-backup-operator", "ops", false),
                new OperatorSettings.Ports(-1, 0),
                new OperatorSettings.RunCaps(2, 2),
                new OperatorSettings.Timing(
                        Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(10)),
                TenantBoundary.defaults().withFilesystemRoots(cluster.root()),
                BatchJobSettings.defaults());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(5);
        String shop = cluster.ns();
        cluster.allowLeaseAccess();
        CountingEngine first = new CountingEngine();
        CountingEngine second = new CountingEngine();
        RunningOperator a = OperatorRunner.start(cluster.client, settings, first);
        Lease lease = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> cluster.client
                                .leases()
                                .inNamespace("ops")
                                .withName("account-backup-operator")
                                .get(),
                        l -> l != null && l.getSpec().getHolderIdentity() != null);
        assertEquals(1, MetricsScrape.of(a.metricsPort()).get("accountbackup_operator_leader"));
        try (RunningOperator b = OperatorRunner.start(cluster.client, settings, second)) {
            assertEquals(
                    0, MetricsScrape.of(b.metricsPort()).get("accountbackup_operator_leader"), "b waits as a standby");
            cluster.client
                    .resource(Specs.backup(
                            shop,
                            "one",
                            Specs.database(db, "shop-db"),
                            List.of("public.users"),
                            Specs.filesystem(cluster.root())))
                    .create();
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> cluster.backup(shop, "one"),
                            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded);
            assertEquals(1, first.exports.get(), "the leader took the backup");
            assertEquals(0, second.exports.get(), "the standby worked too");

            a.stop();
            await().atMost(Duration.ofSeconds(40))
                    .until(
                            () -> cluster.client
                                    .leases()
                                    .inNamespace("ops")
                                    .withName("account-backup-operator")
                                    .get()
                                    .getSpec()
                                    .getHolderIdentity(),
                            holder -> holder != null
                                    && !holder.equals(lease.getSpec().getHolderIdentity()));
            cluster.client
                    .resource(Specs.backup(
                            shop,
                            "two",
                            Specs.database(db, "shop-db"),
                            List.of("public.users"),
                            Specs.filesystem(cluster.root())))
                    .create();
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> cluster.backup(shop, "two"),
                            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded);
            assertEquals(1, second.exports.get(), "the new leader took the second backup");
            assertEquals(1, MetricsScrape.of(b.metricsPort()).get("accountbackup_operator_leader"));
            assertEquals(1, first.exports.get());
        }
    }

    private static final class CountingEngine implements BackupEngine {
        private final BackupEngine real = BackupEngine.standard();
        final AtomicInteger exports = new AtomicInteger();

        @Override
        public Manifest export(ExportRequest request) {
            exports.incrementAndGet();
            return real.export(request);
        }

        @Override
        public RestoreResult restore(RestoreRequest request) {
            return real.restore(request);
        }
    }
}
