package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountErasureStatus;
import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.PredatingSnapshotStatus;
import dev.accountbackup.api.RetentionSpec;
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.engine.snapshot.RdsConnection;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.FakeRds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RDS snapshots cannot be edited: an AccountErasure naming an AccountBackup with snapshots lists those taken before the
 * erasure, and when the backup's retention deletes them. RDS is played over HTTP by {@link FakeRds}.
 */
class AccountErasureSnapshotsOperatorTest {

    private static final String REGION = "eu-west-3";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("erasesnap");

    private static FakeRds rds;

    @BeforeAll
    static void startRds() {
        rds = FakeRds.start();
    }

    @AfterAll
    static void stopRds() {
        rds.close();
    }

    @BeforeEach
    void startOperator() {
        cluster.secret(
                cluster.ns(),
                "aws-rds",
                Map.of(
                        "accessKeyId",
                        FakeRds.CREDENTIALS.accessKeyId(),
                        "secretAccessKey",
                        FakeRds.CREDENTIALS.secretAccessKey()));
        cluster.secret(
                cluster.ns(),
                "account-erasure-key",
                Map.of("hashKey", Base64.getEncoder().encodeToString(new byte[32])));
        cluster.startOperator(
                MockCluster.settings(cluster.root()),
                BackupEngine.standard(
                        credentials -> new RdsConnection(credentials, rds.endpoint(), Duration.ofMillis(1))));
    }

    @Test
    void theSnapshotsTakenBeforeTheErasureAreListedWithTheirDeletionByRetention() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant tenDaysAgo = now.minus(10, ChronoUnit.DAYS);
        String instance = "shop-" + cluster.ns();
        Map<String, String> owned = SnapshotTags.owner(cluster.ns(), "nightly");
        rds.addSnapshot(REGION, SnapshotKind.INSTANCE, "old-" + cluster.ns(), instance, tenDaysAgo, owned);
        rds.addSnapshot(
                REGION, SnapshotKind.INSTANCE, "new-" + cluster.ns(), instance, now.minus(1, ChronoUnit.DAYS), owned);
        rds.addSnapshot(
                REGION,
                SnapshotKind.INSTANCE,
                "weekly-" + cluster.ns(),
                instance,
                tenDaysAgo,
                SnapshotTags.owner(cluster.ns(), "weekly"));
        cluster.client.resource(scheduledBackupWithSnapshots(instance)).create();

        cluster.client
                .resource(Specs.erasure(cluster.ns(), "dsr-1", "nightly", "DSR-2026-0001", "1"))
                .create();
        AccountErasureStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.erasure(cluster.ns(), "dsr-1").getStatus(),
                        s -> s != null && s.getPhase() == Phase.Succeeded);

        List<String> listed = status.getSnapshots().stream()
                .map(PredatingSnapshotStatus::getIdentifier)
                .sorted()
                .toList();
        assertEquals(List.of("new-" + cluster.ns(), "old-" + cluster.ns()), listed, "only the AccountBackup's own");
        PredatingSnapshotStatus old = status.getSnapshots().stream()
                .filter(s -> s.getIdentifier().startsWith("old-"))
                .findFirst()
                .orElseThrow();
        assertEquals(REGION, old.getRegion());
        assertEquals(tenDaysAgo.toString(), old.getCreatedAt());
        assertEquals(tenDaysAgo.plus(30, ChronoUnit.DAYS).toString(), old.getDeletedByRetentionAfter());
        PredatingSnapshotStatus newest = status.getSnapshots().stream()
                .filter(s -> s.getIdentifier().startsWith("new-"))
                .findFirst()
                .orElseThrow();
        assertTrue(newest.getRetention().contains("newest snapshot is kept"), newest.getRetention());
        assertTrue(status.getMessage().contains("2 RDS snapshot(s) taken before it"), status.getMessage());
    }

    @Test
    void snapshotsThatCannotBeListedAreAWarningNotAFailure() {
        cluster.client
                .resource(scheduledBackupWithSnapshots("shop-" + cluster.ns()))
                .create();
        rds.failNext("DescribeDBSnapshots", 403, "AccessDenied", 1);

        cluster.client
                .resource(Specs.erasure(cluster.ns(), "dsr-2", "nightly", "DSR-2026-0002", "2"))
                .create();
        AccountErasureStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.erasure(cluster.ns(), "dsr-2").getStatus(),
                        s -> s != null && s.getPhase() == Phase.Succeeded);

        assertEquals(1, status.getWarnings().size(), status.getWarnings().toString());
        assertTrue(
                status.getWarnings().get(0).contains("could not be listed"),
                status.getWarnings().get(0));
        assertTrue(status.getSnapshots().isEmpty(), status.getSnapshots().toString());
    }

    /** Suspended, so that it takes no snapshot of its own during the test; retention keeps 30 days. */
    private AccountBackup scheduledBackupWithSnapshots(String instance) {
        DatabaseSpec database = new DatabaseSpec();
        database.setHost("db.invalid");
        database.setName("shop");
        database.setCredentialsSecret("shop-db");
        AccountBackup backup = Specs.backup(
                cluster.ns(), "nightly", database, SampleAccounts.TABLES, Specs.filesystem(cluster.root()));
        SnapshotSpec snapshot = new SnapshotSpec();
        snapshot.setDbInstanceIdentifier(instance);
        snapshot.setRegion(REGION);
        snapshot.setCredentialsSecret("aws-rds");
        backup.getSpec().setSnapshot(snapshot);
        backup.getSpec().setSchedule("0 3 * * *");
        backup.getSpec().setSuspend(true);
        RetentionSpec retention = new RetentionSpec();
        retention.setMaxAge("30d");
        backup.getSpec().setRetention(retention);
        return backup;
    }
}
