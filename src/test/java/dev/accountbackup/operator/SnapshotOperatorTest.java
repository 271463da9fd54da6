package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreSnapshotSpec;
import dev.accountbackup.api.RestoreTargetSpec;
import dev.accountbackup.api.RetentionSpec;
import dev.accountbackup.api.SnapshotCopySpec;
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.snapshot.RdsConnection;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.snapshot.SnapshotNames;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.FakeRds;
import dev.accountbackup.testing.TestPostgres;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AccountBackups with an RDS snapshot, and AccountRestores of one, through the operator: the
 * Kubernetes API from the mock server, RDS played over HTTP by {@link FakeRds} for the real AWS
 * SDK client, tables exported from and restored into a real PostgreSQL.
 */
class SnapshotOperatorTest {

    private static final String REGION = "eu-west-3";
    private static final String COPY_REGION = "eu-central-1";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("snapshot");

    private static FakeRds rds;
    private RunningOperator operator;

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
        rds.completeAfterDescribes(2);
        startOperatorOnce();
    }

    @Test
    void aBackupWithTablesAndSnapshotSucceedsWithBoth() throws Exception {
        String instance = newInstance(false);
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        AccountBackup backup = tablesBackup(db);
        backup.getSpec().setSnapshot(snapshot(instance, null));
        backup.getSpec().getSnapshot().setTags(Map.of("team", "identity"));
        SnapshotCopySpec copy = new SnapshotCopySpec();
        copy.setRegion(COPY_REGION);
        backup.getSpec().getSnapshot().getCopyTo().add(copy);
        create(backup);

        AccountBackupStatus status = awaitBackup(Phase.Succeeded).getStatus();
        String identifier = SnapshotNames.forRun(cluster.ns(), "nightly", status.getBackupId());
        assertEquals(3, status.getTables().size());
        assertEquals(identifier, status.getSnapshot().getIdentifier());
        assertEquals("available", status.getSnapshot().getStatus());
        assertEquals(100, status.getSnapshot().getProgressPercent());
        assertNotNull(status.getSnapshot().getArn());
        assertEquals(1, status.getSnapshot().getCopies().size());
        assertEquals(COPY_REGION, status.getSnapshot().getCopies().get(0).getRegion());
        assertEquals("available", status.getSnapshot().getCopies().get(0).getStatus());
        assertTrue(
                status.getMessage().contains("backed up 3 tables")
                        && status.getMessage().contains("RDS snapshot " + identifier),
                status.getMessage());

        FakeRds.SnapshotState taken = snapshotOf(REGION, identifier);
        assertEquals("identity", taken.tags().get("team"));
        assertEquals(cluster.ns(), taken.tags().get(SnapshotTags.NAMESPACE));
        assertEquals("nightly", taken.tags().get(SnapshotTags.NAME));
        assertEquals(status.getBackupId(), taken.tags().get(SnapshotTags.RUN_ID));
        assertEquals(taken.tags(), snapshotOf(COPY_REGION, identifier).tags(), "the copy carries the same tags");
        assertEquals(1, exportedBackups().size(), "the tables were exported once");
        assertEquals(1, metric("accountbackup_snapshots_total", "outcome", "succeeded"));
        assertEquals(1, metric("accountbackup_snapshot_copies_total", "outcome", "succeeded"));
        assertEquals(0, metric("accountbackup_snapshot_copies_total", "outcome", "failed"));
    }

    @Test
    void aFailedSnapshotFailsTheRunAndKeepsTheExport() throws Exception {
        String instance = newInstance(false);
        AccountBackup backup = tablesBackup(TestPostgres.newAccountsDatabase(5));
        backup.getSpec().setSnapshot(snapshot(instance, null));
        rds.failNext("CreateDBSnapshot", 400, "SnapshotQuotaExceeded", 1);
        create(backup);

        AccountBackupStatus status = awaitBackup(Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains("SnapshotQuotaExceeded"), status.getMessage());
        List<String> kept = exportedBackups();
        assertEquals(1, kept.size());
        assertTrue(
                status.getMessage().contains("the tables were exported as backup " + kept.get(0) + ", which is kept"),
                status.getMessage());
        assertEquals(1, status.getAttempts(), "a quota error is not retried");
        assertEquals("CloudOperationFailed", status.getConditions().get(0).getReason());
        assertTrue(rds.snapshots(REGION).stream()
                .noneMatch(s -> cluster.ns().equals(s.tags().get(SnapshotTags.NAMESPACE))));
        assertEquals(1, metric("accountbackup_snapshots_total", "outcome", "failed"));
        assertEquals(0, metric("accountbackup_snapshots_total", "outcome", "succeeded"));
    }

    @Test
    void aFailedExportFailsTheRunEvenWhenTheSnapshotWorks() {
        String instance = newInstance(false);
        AccountBackup backup = tablesBackup(TestPostgres.newAccountsDatabase(5));
        backup.getSpec().setTables(new ArrayList<>(List.of("public.users", "public.no_such_table")));
        backup.getSpec().setSnapshot(snapshot(instance, null));
        create(backup);

        AccountBackupStatus status = awaitBackup(Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains("no_such_table"), status.getMessage());
        assertTrue(exportedBackups().isEmpty());
    }

    @Test
    void aSnapshotOnlyBackupOfAnAuroraClusterNeedsNoDatabaseOrStorage() {
        String clusterId = "aurora-" + cluster.ns();
        rds.addCluster(REGION, clusterId, true);
        AccountBackup backup = new AccountBackup();
        backup.setMetadata(new ObjectMetaBuilder()
                .withNamespace(cluster.ns())
                .withName("nightly")
                .build());
        backup.setSpec(new AccountBackupSpec());
        backup.getSpec().setSnapshot(snapshot(null, clusterId));
        create(backup);

        AccountBackupStatus status = awaitBackup(Phase.Succeeded).getStatus();
        assertTrue(status.getTables().isEmpty());
        assertEquals(Boolean.TRUE, status.getSnapshot().getEncrypted());
        FakeRds.SnapshotState taken = snapshotOf(REGION, status.getSnapshot().getIdentifier());
        assertEquals(SnapshotKind.CLUSTER, taken.kind());
        assertEquals(clusterId, taken.source());
        assertTrue(status.getMessage().contains("RDS snapshot"), status.getMessage());
    }

    @Test
    void anOperatorRestartFollowsTheSnapshotAlreadyAskedFor() {
        String instance = newInstance(false);
        rds.completeAfterDescribes(12);
        AccountBackup backup = tablesBackup(TestPostgres.newAccountsDatabase(5));
        backup.getSpec().setSnapshot(snapshot(instance, null));
        int createsBefore = rds.calls("CreateDBSnapshot");
        create(backup);
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null
                                && b.getStatus().getSnapshot() != null
                                && "creating".equals(b.getStatus().getSnapshot().getStatus()));

        cluster.stopOperator();
        startOperatorOnce();
        AccountBackupStatus status = awaitBackup(Phase.Succeeded).getStatus();
        assertEquals(createsBefore + 1, rds.calls("CreateDBSnapshot"), "a second snapshot was asked for");
        assertEquals(
                1,
                rds.snapshots(REGION).stream()
                        .filter(s -> cluster.ns().equals(s.tags().get(SnapshotTags.NAMESPACE)))
                        .count());
        assertEquals("available", status.getSnapshot().getStatus());
        assertEquals(1, exportedBackups().size());
    }

    @Test
    void invalidSnapshotSpecsAreRejectedWithEveryProblem() {
        AccountBackup backup = tablesBackup(TestPostgres.newAccountsDatabase(1));
        SnapshotSpec wrong = snapshot("shop-db", "shop-aurora");
        wrong.setRegion("Paris");
        wrong.setTags(Map.of("accountbackup.dev/name", "someone-else"));
        backup.getSpec().setSnapshot(wrong);
        create(backup);

        AccountBackupStatus status = awaitBackup(Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains("exactly one of dbInstanceIdentifier"), status.getMessage());
        assertTrue(status.getMessage().contains("snapshot.region 'Paris' is not an AWS region"), status.getMessage());
        assertTrue(status.getMessage().contains("marks the operator's ownership"), status.getMessage());
        assertEquals("InvalidSpec", status.getConditions().get(0).getReason());
    }

    @Test
    void aSnapshotRestoresIntoANewInstanceAndTheTablesFollow() {
        String instance = newInstance(false);
        DatabaseTarget source = TestPostgres.newAccountsDatabase(20);
        AccountBackup backup = tablesBackup(source);
        backup.getSpec().setSnapshot(snapshot(instance, null));
        create(backup);
        awaitBackup(Phase.Succeeded);

        // the new instance answers on the test server, where a copy of the schema (one account of its own) waits for
        // the tables
        DatabaseTarget staging = TestPostgres.newAccountsDatabase(1);
        rds.restoredEndpoint("localhost", staging.port());
        AccountRestore restore = snapshotRestore("staging-copy", "shop-staging-" + cluster.ns());
        restore.getSpec().setTables(new ArrayList<>(SampleAccounts.TABLES));
        restore.getSpec().setMode("Replace");
        RestoreTargetSpec target = new RestoreTargetSpec();
        target.setDatabase(Specs.database(staging, "shop-db"));
        target.getDatabase().setHost("replaced-by-the-new-instance");
        restore.getSpec().setTarget(target);
        cluster.client.resource(restore).create();

        AccountRestoreStatus status =
                awaitRestore("staging-copy", Phase.Succeeded).getStatus();
        assertEquals("shop-staging-" + cluster.ns(), status.getSnapshot().getIdentifier());
        assertEquals("available", status.getSnapshot().getStatus());
        assertEquals("localhost", status.getSnapshot().getEndpoint());
        assertEquals(staging.port(), status.getSnapshot().getPort());
        assertEquals(
                SnapshotNames.forRun(
                        cluster.ns(),
                        "nightly",
                        cluster.backup(cluster.ns(), "nightly").getStatus().getBackupId()),
                status.getSnapshot().getSnapshotIdentifier());
        for (String table : SampleAccounts.TABLES) {
            assertEquals(
                    TestPostgres.contents(source, table, "t", "t::text"),
                    TestPostgres.contents(staging, table, "t", "t::text"),
                    table);
        }
        FakeRds.DatabaseState created = rds.databases(REGION).stream()
                .filter(d -> d.identifier().equals("shop-staging-" + cluster.ns()))
                .findFirst()
                .orElseThrow();
        assertFalse(created.publiclyAccessible());
        assertEquals(restore.getMetadata().getName(), created.tags().get(SnapshotTags.RESTORE_NAME));
    }

    @Test
    void aSnapshotRestoreNeverTouchesAnExistingInstance() {
        String instance = newInstance(false);
        AccountBackup backup = new AccountBackup();
        backup.setMetadata(new ObjectMetaBuilder()
                .withNamespace(cluster.ns())
                .withName("nightly")
                .build());
        backup.setSpec(new AccountBackupSpec());
        backup.getSpec().setSnapshot(snapshot(instance, null));
        create(backup);
        awaitBackup(Phase.Succeeded);
        int restoresBefore = rds.calls("RestoreDBInstanceFromDBSnapshot");

        AccountRestore overwrite = snapshotRestore("overwrite-prod", instance);
        overwrite.getSpec().setIgnoreErasures(true); // the backup names no erasure ledger
        cluster.client.resource(overwrite).create();
        AccountRestoreStatus status =
                awaitRestore("overwrite-prod", Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains(instance), status.getMessage());
        assertEquals(1, status.getAttempts(), "refusing is not retried");
        assertEquals(restoresBefore, rds.calls("RestoreDBInstanceFromDBSnapshot"));
    }

    @Test
    void aRestoreOfTheLatestSnapshotWaitsForTheBackupBeingTaken() {
        String instance = newInstance(true);
        rds.completeAfterDescribes(15);
        AccountBackup backup = new AccountBackup();
        backup.setMetadata(new ObjectMetaBuilder()
                .withNamespace(cluster.ns())
                .withName("nightly")
                .build());
        backup.setSpec(new AccountBackupSpec());
        backup.getSpec().setSnapshot(snapshot(instance, null));
        backup.getSpec().getSnapshot().setErasureLedger(Specs.filesystem(cluster.root()));
        create(backup);
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null
                                && b.getStatus().getSnapshot() != null
                                && "creating".equals(b.getStatus().getSnapshot().getStatus()));

        cluster.client
                .resource(snapshotRestore("after-backup", "shop-copy-" + cluster.ns()))
                .create();
        AccountRestoreStatus waiting =
                awaitRestore("after-backup", Phase.Pending).getStatus();
        assertTrue(
                waiting.getMessage().contains("waiting for AccountBackup 'nightly' to complete"), waiting.getMessage());

        AccountRestoreStatus done =
                awaitRestore("after-backup", Phase.Succeeded).getStatus();
        assertEquals(
                cluster.backup(cluster.ns(), "nightly")
                        .getStatus()
                        .getSnapshot()
                        .getIdentifier(),
                done.getSnapshot().getSnapshotIdentifier());
        assertNotNull(done.getSnapshot().getEndpoint());
    }

    @Test
    void wrongSnapshotRestoresFailWithWhatToFix() {
        create(tablesBackup(TestPostgres.newAccountsDatabase(1)));
        awaitBackup(Phase.Succeeded);

        AccountRestore wrong = snapshotRestore("bad-name", "Bad--Name");
        wrong.getSpec().setDryRun(true);
        cluster.client.resource(wrong).create();
        String message = awaitRestore("bad-name", Phase.Failed).getStatus().getMessage();
        assertTrue(message.contains("snapshot.restoreAs 'Bad--Name' is not an RDS identifier"), message);
        assertTrue(message.contains("dryRun cannot preview a snapshot restore"), message);

        cluster.client.resource(snapshotRestore("no-snapshots", "shop-copy")).create();
        message = awaitRestore("no-snapshots", Phase.Failed).getStatus().getMessage();
        assertTrue(message.contains("AccountBackup 'nightly' takes no RDS snapshots"), message);
    }

    @Test
    void scheduledRunsApplyRetentionToTheirOwnSnapshotsInEveryRegion() throws Exception {
        String instance = newInstance(false);
        Instant now = Instant.now();
        Map<String, String> owned = new java.util.LinkedHashMap<>(SnapshotTags.owner(cluster.ns(), "nightly"));
        Map<String, String> otherBackup = SnapshotTags.owner(cluster.ns(), "weekly");
        rds.addSnapshot(
                REGION, SnapshotKind.INSTANCE, "old-1-" + cluster.ns(), instance, now.minusSeconds(2 * 86400), owned);
        rds.addSnapshot(
                REGION, SnapshotKind.INSTANCE, "old-2-" + cluster.ns(), instance, now.minusSeconds(86400), owned);
        rds.addSnapshot(
                REGION,
                SnapshotKind.INSTANCE,
                "weekly-" + cluster.ns(),
                instance,
                now.minusSeconds(3 * 86400),
                otherBackup);
        rds.addSnapshot(
                REGION,
                SnapshotKind.INSTANCE,
                "manual-" + cluster.ns(),
                instance,
                now.minusSeconds(3 * 86400),
                Map.of());
        rds.addSnapshot(
                COPY_REGION, SnapshotKind.INSTANCE, "old-2-" + cluster.ns(), instance, now.minusSeconds(86400), owned);
        OffsetClock clock = new OffsetClock();
        // a short resync, so that the moved clock is noticed
        operator = cluster.startOperator(
                MockCluster.settings(cluster.root())
                        .withIntervals(Duration.ofMillis(100), Duration.ofMillis(500))
                        .withMetricsPort(0),
                engine(),
                clock);

        AccountBackup backup = new AccountBackup();
        backup.setMetadata(new ObjectMetaBuilder()
                .withNamespace(cluster.ns())
                .withName("nightly")
                .build());
        backup.setSpec(new AccountBackupSpec());
        backup.getSpec().setSnapshot(snapshot(instance, null));
        SnapshotCopySpec copy = new SnapshotCopySpec();
        copy.setRegion(COPY_REGION);
        backup.getSpec().getSnapshot().getCopyTo().add(copy);
        backup.getSpec().setSchedule("@hourly");
        RetentionSpec retention = new RetentionSpec();
        retention.setKeepLast(1);
        backup.getSpec().setRetention(retention);
        create(backup);
        Instant next = Instant.parse(await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getNextScheduleTime() != null)
                .getStatus()
                .getNextScheduleTime());

        clock.moveTo(next.plusSeconds(5));
        AccountBackupStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getLastSuccessfulBackup() != null)
                .getStatus();
        String taken = SnapshotNames.forRun(cluster.ns(), "nightly", BackupIds.fromTime(next));
        assertEquals(taken, status.getLastSuccessfulBackup().getSnapshot());
        assertEquals(
                List.of(taken, "manual-" + cluster.ns(), "weekly-" + cluster.ns()),
                identifiers(REGION),
                "only this backup's snapshots are deleted");
        assertEquals(List.of(taken), identifiers(COPY_REGION));
        assertTrue(status.getRetention().contains("snapshots in " + REGION + ": deleted 2"), status.getRetention());
        assertTrue(
                status.getRetention().contains("snapshots in " + COPY_REGION + ": deleted 1"), status.getRetention());
        // the counter counts the deletions in the backup's own region
        assertEquals(2, metric("accountbackup_retention_deletions_total", "kind", "snapshot"));
        assertEquals(1, metric("accountbackup_snapshots_total", "outcome", "succeeded"));
    }

    // --- helpers

    private List<String> identifiers(String region) {
        return rds.snapshots(region).stream()
                .map(FakeRds.SnapshotState::identifier)
                .filter(id -> id.contains(cluster.ns()))
                .sorted()
                .toList();
    }

    private static BackupEngine engine() {
        return BackupEngine.standard(
                credentials -> new RdsConnection(credentials, rds.endpoint(), Duration.ofMillis(1)));
    }

    private void startOperatorOnce() {
        operator = cluster.startOperator(
                MockCluster.settings(cluster.root())
                        .withIntervals(Duration.ofMillis(100), Duration.ofMinutes(10))
                        .withMetricsPort(0),
                engine());
    }

    /** The value of one of the nightly backup's series on /metrics. */
    private double metric(String name, String... labels) throws Exception {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + 4);
        System.arraycopy(new String[] {"namespace", cluster.ns(), "name", "nightly"}, 0, all, labels.length, 4);
        return MetricsScrape.of(operator.metricsPort()).get(name, all);
    }

    private String newInstance(boolean encrypted) {
        String id = "shop-" + cluster.ns();
        rds.addInstance(REGION, id, encrypted);
        return id;
    }

    private AccountBackup tablesBackup(DatabaseTarget db) {
        return Specs.backup(
                cluster.ns(),
                "nightly",
                Specs.database(db, "shop-db"),
                SampleAccounts.TABLES,
                Specs.filesystem(cluster.root()));
    }

    private static SnapshotSpec snapshot(String instance, String clusterId) {
        SnapshotSpec spec = new SnapshotSpec();
        spec.setDbInstanceIdentifier(instance);
        spec.setDbClusterIdentifier(clusterId);
        spec.setRegion(REGION);
        spec.setCredentialsSecret("aws-rds");
        return spec;
    }

    private AccountRestore snapshotRestore(String name, String restoreAs) {
        AccountRestore restore = Specs.restore(cluster.ns(), name, "nightly");
        RestoreSnapshotSpec snapshot = new RestoreSnapshotSpec();
        snapshot.setRestoreAs(restoreAs);
        snapshot.setInstanceClass("db.t4g.medium");
        restore.getSpec().setSnapshot(snapshot);
        return restore;
    }

    private void create(AccountBackup backup) {
        cluster.client.resource(backup).create();
    }

    private AccountBackup awaitBackup(Phase phase) {
        Predicate<AccountBackup> reached =
                b -> b.getStatus() != null && b.getStatus().getPhase() == phase;
        return await().atMost(TIMEOUT).until(() -> cluster.backup(cluster.ns(), "nightly"), reached);
    }

    private AccountRestore awaitRestore(String name, Phase phase) {
        Predicate<AccountRestore> reached =
                r -> r.getStatus() != null && r.getStatus().getPhase() == phase;
        return await().atMost(TIMEOUT).until(() -> cluster.restore(cluster.ns(), name), reached);
    }

    private FakeRds.SnapshotState snapshotOf(String region, String identifier) {
        return rds.snapshots(region).stream()
                .filter(s -> s.identifier().equals(identifier))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no snapshot " + identifier + " in " + region));
    }

    private List<String> exportedBackups() {
        return new BackupLocation(new FilesystemStore(cluster.root()), cluster.ns() + "/nightly")
                .list().stream().map(Manifest::backupId).toList();
    }
}
