package dev.accountbackup.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.testing.FakeRds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotRestoreTest extends FakeRdsTest {

    private static final String PARIS = "eu-west-3";
    private static final Map<String, String> RESTORE_TAGS = Map.of("accountbackup.dev/restore", "shop.restore-1");

    @BeforeEach
    void seed() {
        fake.addSnapshot(
                PARIS, SnapshotKind.INSTANCE, "nightly-1", "shop-db", Instant.parse("2026-11-25T02:00:00Z"), Map.of());
        fake.addSnapshot(
                PARIS,
                SnapshotKind.CLUSTER,
                "nightly-1",
                "shop-aurora",
                Instant.parse("2026-11-25T02:00:00Z"),
                Map.of());
    }

    private static SnapshotRestoreRequest instanceRequest(String restoreAs) {
        return new SnapshotRestoreRequest(
                SnapshotKind.INSTANCE,
                PARIS,
                "nightly-1",
                restoreAs,
                "db.r6g.large",
                "private-subnets",
                List.of("sg-0123", "sg-0456"),
                "shop-params",
                true,
                false,
                RESTORE_TAGS);
    }

    private static SnapshotRestoreRequest clusterRequest(String restoreAs, String instanceClass) {
        return new SnapshotRestoreRequest(
                SnapshotKind.CLUSTER,
                PARIS,
                "nightly-1",
                restoreAs,
                instanceClass,
                "private-subnets",
                List.of("sg-0123"),
                "shop-cluster-params",
                null,
                false,
                RESTORE_TAGS);
    }

    private static List<SnapshotRestoreProgress> runToEnd(SnapshotRestore restore) {
        List<SnapshotRestoreProgress> seen = new ArrayList<>();
        for (int i = 0; i < 10 && (seen.isEmpty() || !seen.get(seen.size() - 1).done()); i++) {
            seen.add(restore.step());
        }
        return seen;
    }

    private FakeRds.DatabaseState database(String identifier) {
        return fake.databases(PARIS).stream()
                .filter(d -> d.identifier().equals(identifier))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void restoresIntoANewInstanceAndReportsItsEndpoint() {
        List<SnapshotRestoreProgress> seen = runToEnd(new SnapshotRestore(rds, instanceRequest("shop-db-restored")));

        SnapshotRestoreProgress first = seen.get(0);
        assertEquals("creating", first.status());
        assertFalse(first.done());
        assertNull(first.endpoint());
        SnapshotRestoreProgress last = seen.get(seen.size() - 1);
        assertTrue(last.done());
        assertEquals("shop-db-restored", last.identifier());
        assertEquals("arn:aws:rds:eu-west-3:123456789012:db:shop-db-restored", last.arn());
        assertEquals("shop-db-restored.c7example.eu-west-3.rds.amazonaws.com", last.endpoint());
        assertEquals(5432, last.port());
        FakeRds.DatabaseState restored = database("shop-db-restored");
        assertEquals("db.r6g.large", restored.instanceClass());
        assertEquals("private-subnets", restored.subnetGroup());
        assertEquals(List.of("sg-0123", "sg-0456"), restored.securityGroupIds());
        assertEquals("shop-params", restored.parameterGroup());
        assertEquals(Boolean.TRUE, restored.multiAz());
        assertFalse(restored.publiclyAccessible());
        assertEquals(RESTORE_TAGS, restored.tags());
        assertEquals(
                "false",
                fake.requests("RestoreDBInstanceFromDBSnapshot").get(0).params().get("PubliclyAccessible"));
    }

    @Test
    void refusesToTouchAnExistingInstance() {
        fake.addInstance(PARIS, "shop-db", false);

        BackupException e =
                assertThrows(BackupException.class, () -> new SnapshotRestore(rds, instanceRequest("shop-db")).step());

        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("refusing to touch existing DB instance shop-db"), e.getMessage());
        assertTrue(e.getMessage().contains("restoring in place is done by the JSON restore"), e.getMessage());
        assertEquals(0, fake.calls("RestoreDBInstanceFromDBSnapshot"));
    }

    @Test
    void aRestartedRestoreFollowsItsOwnTarget() {
        new SnapshotRestore(rds, instanceRequest("shop-db-restored")).step();

        List<SnapshotRestoreProgress> seen = runToEnd(new SnapshotRestore(rds, instanceRequest("shop-db-restored")));

        assertTrue(seen.get(seen.size() - 1).done());
        assertEquals(1, fake.calls("RestoreDBInstanceFromDBSnapshot"));
    }

    @Test
    void aMissingSnapshotIsANonRetryableError() {
        SnapshotRestoreRequest request = new SnapshotRestoreRequest(
                SnapshotKind.INSTANCE,
                PARIS,
                "no-such-snapshot",
                "new-db",
                null,
                null,
                null,
                null,
                null,
                false,
                RESTORE_TAGS);

        BackupException e = assertThrows(BackupException.class, () -> new SnapshotRestore(rds, request).step());

        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("DBSnapshotNotFound: "), e.getMessage());
    }

    @Test
    void restoresAClusterWithItsFirstInstance() {
        List<SnapshotRestoreProgress> seen =
                runToEnd(new SnapshotRestore(rds, clusterRequest("shop-aurora-restored", "db.r6g.large")));

        SnapshotRestoreProgress last = seen.get(seen.size() - 1);
        assertTrue(last.done());
        assertFalse(seen.get(0).done());
        assertEquals("shop-aurora-restored", last.identifier());
        assertEquals("arn:aws:rds:eu-west-3:123456789012:cluster:shop-aurora-restored", last.arn());
        assertEquals("shop-aurora-restored.cluster-c7example.eu-west-3.rds.amazonaws.com", last.endpoint());
        assertEquals(5432, last.port());
        Map<String, String> restore =
                fake.requests("RestoreDBClusterFromSnapshot").get(0).params();
        assertEquals("aurora-postgresql", restore.get("Engine"));
        assertEquals("private-subnets", restore.get("DBSubnetGroupName"));
        assertEquals("sg-0123", restore.get("VpcSecurityGroupIds.VpcSecurityGroupId.1"));
        assertEquals("shop-cluster-params", restore.get("DBClusterParameterGroupName"));
        FakeRds.DatabaseState first = database("shop-aurora-restored-1");
        assertEquals(SnapshotKind.INSTANCE, first.kind());
        assertEquals("shop-aurora-restored", first.clusterIdentifier());
        assertEquals("db.r6g.large", first.instanceClass());
        assertEquals(RESTORE_TAGS, first.tags());
        assertEquals(
                "aurora-postgresql",
                fake.requests("CreateDBInstance").get(0).params().get("Engine"));

        runToEnd(new SnapshotRestore(rds, clusterRequest("shop-aurora-restored", "db.r6g.large")));
        assertEquals(1, fake.calls("RestoreDBClusterFromSnapshot"), "a restart follows the cluster");
        assertEquals(1, fake.calls("CreateDBInstance"), "and its first instance");
    }

    @Test
    void aClusterRestoreNeedsAnInstanceClass() {
        BackupException e = assertThrows(BackupException.class, () -> clusterRequest("shop-aurora-restored", null));

        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("instance class"), e.getMessage());
    }

    @Test
    void refusesToTouchAnExistingCluster() {
        fake.addCluster(PARIS, "shop-aurora", false);

        BackupException e = assertThrows(
                BackupException.class,
                () -> new SnapshotRestore(rds, clusterRequest("shop-aurora", "db.r6g.large")).step());

        assertTrue(e.getMessage().startsWith("refusing to touch existing DB cluster shop-aurora"), e.getMessage());
        assertEquals(0, fake.calls("RestoreDBClusterFromSnapshot"));
    }
}
