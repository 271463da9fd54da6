package dev.accountbackup.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.testing.FakeRds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotRunTest extends FakeRdsTest {

    static final String PARIS = "eu-west-3";
    static final String IRELAND = "eu-west-1";
    static final String FRANKFURT = "eu-central-1";
    static final Map<String, String> OWNER = Map.of("accountbackup.dev/backup", "shop.nightly");
    static final String NAME = SnapshotNames.forRun("shop", "nightly", "20261126T020000Z");

    static Map<String, String> tags() {
        Map<String, String> tags = new HashMap<>(OWNER);
        tags.put("accountbackup.dev/run", "20261126T020000Z");
        tags.put("team", "payments");
        return tags;
    }

    static SnapshotRequest request(SnapshotKind kind, String source, CopyTarget... copies) {
        return new SnapshotRequest(new SnapshotSource(kind, source, PARIS), NAME, tags(), OWNER, List.of(copies));
    }

    /** Steps until done, at most {@code maxSteps} times; returns every progress seen. */
    static List<SnapshotProgress> runToEnd(SnapshotRun run, int maxSteps) {
        List<SnapshotProgress> seen = new ArrayList<>();
        for (int i = 0; i < maxSteps; i++) {
            SnapshotProgress progress = run.step();
            seen.add(progress);
            if (progress.done()) {
                break;
            }
        }
        return seen;
    }

    @Test
    void createsTheSnapshotAndFollowsItToAvailable() {
        fake.addInstance(PARIS, "shop-db", false);
        fake.completeAfterDescribes(3);

        List<SnapshotProgress> seen = runToEnd(new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")), 10);

        SnapshotProgress first = seen.get(0);
        assertEquals("creating", first.snapshot().status());
        assertFalse(first.done());
        SnapshotProgress last = seen.get(seen.size() - 1);
        assertTrue(last.done());
        SnapshotInfo snapshot = last.snapshot();
        assertEquals(NAME, snapshot.identifier());
        assertEquals("arn:aws:rds:eu-west-3:123456789012:snapshot:" + NAME, snapshot.arn());
        assertEquals(PARIS, snapshot.region());
        assertEquals(100, snapshot.progressPercent());
        assertEquals(20, snapshot.allocatedStorageGiB());
        assertEquals("postgres", snapshot.engine());
        assertFalse(snapshot.encrypted());
        assertTrue(snapshot.createdAt() != null);
        assertEquals(tags(), snapshot.tags());
        assertTrue(
                seen.stream().map(p -> p.snapshot().progressPercent()).toList().contains(33),
                "progress is reported on the way");
        assertEquals(1, fake.calls("CreateDBSnapshot"));
        assertEquals(tags(), fake.snapshots(PARIS).get(0).tags());
    }

    @Test
    void aSnapshotThatFailsInRdsIsANonRetryableError() {
        fake.addInstance(PARIS, "shop-db", false);
        fake.endFailed(NAME);
        SnapshotRun run = new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db"));

        BackupException e = assertThrows(BackupException.class, () -> runToEnd(run, 10));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains(NAME) && e.getMessage().contains("failed in RDS"), e.getMessage());
    }

    @Test
    void aRestartedRunFollowsItsSnapshotInsteadOfTakingASecondOne() {
        fake.addInstance(PARIS, "shop-db", false);
        new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step();

        List<SnapshotProgress> seen = runToEnd(new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")), 10);

        assertTrue(seen.get(seen.size() - 1).done());
        assertEquals(1, fake.calls("CreateDBSnapshot"));
        assertEquals(1, fake.snapshots(PARIS).size());
    }

    @Test
    void aSnapshotCreatedConcurrentlyIsFollowed() {
        fake.addInstance(PARIS, "shop-db", false);
        new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step();
        // the first look misses it (as if another operator created it in between): the create meets it and follows
        fake.failNext("DescribeDBSnapshots", 404, "DBSnapshotNotFound", 1);

        SnapshotProgress progress = new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step();

        assertEquals(NAME, progress.snapshot().identifier());
        assertEquals(2, fake.calls("CreateDBSnapshot"));
        assertEquals(1, fake.snapshots(PARIS).size());
    }

    @Test
    void aSameNamedSnapshotOfSomeoneElseIsNeverAdopted() {
        fake.addInstance(PARIS, "shop-db", false);
        fake.addSnapshot(
                PARIS,
                SnapshotKind.INSTANCE,
                NAME,
                "shop-db",
                java.time.Instant.now(),
                Map.of("owner", "someone-else"));

        BackupException e = assertThrows(
                BackupException.class, () -> new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step());

        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(
                e.getMessage()
                        .contains(
                                "a DB snapshot named " + NAME + " exists in eu-west-3 and was not made by this backup"),
                e.getMessage());
        assertEquals(0, fake.calls("CreateDBSnapshot"));
    }

    @Test
    void copiesAnUnencryptedSnapshotToOtherRegions() {
        fake.addInstance(PARIS, "shop-db", false);

        List<SnapshotProgress> seen = runToEnd(
                new SnapshotRun(
                        rds,
                        request(
                                SnapshotKind.INSTANCE,
                                "shop-db",
                                new CopyTarget(IRELAND, null),
                                new CopyTarget(FRANKFURT, null))),
                10);

        SnapshotProgress last = seen.get(seen.size() - 1);
        assertTrue(last.done());
        assertEquals(
                List.of(IRELAND, FRANKFURT),
                last.copies().stream().map(SnapshotInfo::region).toList());
        assertTrue(last.copies().stream().allMatch(SnapshotInfo::isAvailable));
        assertTrue(seen.stream()
                .anyMatch(
                        p -> !p.copies().isEmpty() && p.copies().get(0).status().equals("copying")));
        FakeRds.SnapshotState copy = fake.snapshots(IRELAND).get(0);
        assertEquals(NAME, copy.identifier());
        assertEquals(tags(), copy.tags());
        assertEquals(2, fake.calls("CopyDBSnapshot"));
        FakeRds.Call call = fake.requests("CopyDBSnapshot").get(0);
        assertEquals(IRELAND, call.region(), "the copy is asked of the target region");
        assertEquals(
                "arn:aws:rds:eu-west-3:123456789012:snapshot:" + NAME,
                call.params().get("SourceDBSnapshotIdentifier"));
        assertTrue(call.params().get("PreSignedUrl").contains("eu-west-3"), "the SDK presigns for the source region");
        assertNull(call.params().get("KmsKeyId"));
    }

    @Test
    void copiesAnEncryptedSnapshotWithTheTargetRegionsKey() {
        fake.addInstance(PARIS, "shop-db", true);
        String key = "arn:aws:kms:eu-west-1:123456789012:key/backup-copies";

        List<SnapshotProgress> seen = runToEnd(
                new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db", new CopyTarget(IRELAND, key))), 10);

        SnapshotInfo copy = seen.get(seen.size() - 1).copies().get(0);
        assertTrue(copy.isAvailable());
        assertTrue(copy.encrypted());
        assertEquals(key, copy.kmsKeyId());
        assertEquals(key, fake.requests("CopyDBSnapshot").get(0).params().get("KmsKeyId"));
    }

    @Test
    void anEncryptedSnapshotWithoutKeyForTheTargetRegionIsAClearError() {
        fake.addInstance(PARIS, "shop-db", true);
        SnapshotRun run =
                new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db", new CopyTarget(IRELAND, null)));

        BackupException e = assertThrows(BackupException.class, () -> runToEnd(run, 10));

        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(
                e.getMessage().contains("encrypted")
                        && e.getMessage().contains("KMS key of that region")
                        && e.getMessage().contains(IRELAND),
                e.getMessage());
        assertEquals(0, fake.calls("CopyDBSnapshot"));
    }

    @Test
    void aRestartedRunFollowsItsCopies() {
        fake.addInstance(PARIS, "shop-db", false);
        runToEnd(new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db", new CopyTarget(IRELAND, null))), 10);

        SnapshotProgress again =
                new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db", new CopyTarget(IRELAND, null))).step();

        assertTrue(again.done());
        assertEquals(1, fake.calls("CreateDBSnapshot"));
        assertEquals(1, fake.calls("CopyDBSnapshot"));
    }

    @Test
    void snapshotsAndCopiesAClusterWithTheClusterApi() {
        fake.addCluster(PARIS, "shop-aurora", true);
        String key = "alias/backup-copies";

        List<SnapshotProgress> seen = runToEnd(
                new SnapshotRun(rds, request(SnapshotKind.CLUSTER, "shop-aurora", new CopyTarget(IRELAND, key))), 10);

        SnapshotProgress last = seen.get(seen.size() - 1);
        assertTrue(last.done());
        assertEquals(SnapshotKind.CLUSTER, last.snapshot().kind());
        assertEquals("aurora-postgresql", last.snapshot().engine());
        assertEquals(
                "arn:aws:rds:eu-west-3:123456789012:cluster-snapshot:" + NAME,
                last.snapshot().arn());
        assertTrue(last.snapshot().encrypted());
        assertEquals(key, last.copies().get(0).kmsKeyId());
        assertEquals(1, fake.calls("CreateDBClusterSnapshot"));
        assertEquals(1, fake.calls("CopyDBClusterSnapshot"));
        assertEquals(0, fake.calls("CreateDBSnapshot"));
        assertEquals(SnapshotKind.CLUSTER, fake.snapshots(IRELAND).get(0).kind());
    }

    @Test
    void throttlingIsRetriedByTheSdkThenSucceeds() {
        fake.addInstance(PARIS, "shop-db", false);
        fake.failNext("CreateDBSnapshot", 400, "Throttling", 2);

        SnapshotProgress progress = new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step();

        assertEquals("creating", progress.snapshot().status());
        assertEquals(3, fake.calls("CreateDBSnapshot"));
    }

    @Test
    void throttlingBeyondTheSdkRetriesIsRetryable() {
        fake.addInstance(PARIS, "shop-db", false);
        fake.failNext("DescribeDBSnapshots", 400, "Throttling", 10);

        BackupException e = assertThrows(
                BackupException.class, () -> new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step());

        assertTrue(e.retryable());
        assertEquals(BackupException.Kind.CLOUD_UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("Throttling: "), e.getMessage());
        assertEquals(RdsConnection.MAX_ATTEMPTS, fake.calls("DescribeDBSnapshots"));
    }

    @Test
    void serverErrorsAreRetryable() {
        fake.addInstance(PARIS, "shop-db", false);
        fake.failNext("CreateDBSnapshot", 500, "InternalFailure", 10);

        BackupException e = assertThrows(
                BackupException.class, () -> new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step());

        assertTrue(e.retryable(), e.getMessage());
    }

    @Test
    void theQuotaIsANonRetryableErrorSayingWhatToDo() {
        fake.addInstance(PARIS, "shop-db", false);
        fake.failNext("CreateDBSnapshot", 400, "SnapshotQuotaExceeded", 1);

        BackupException e = assertThrows(
                BackupException.class, () -> new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step());

        assertFalse(e.retryable());
        assertTrue(
                e.getMessage()
                        .startsWith("SnapshotQuotaExceeded: the manual snapshot quota of the account in eu-west-3"
                                + " is reached; delete old snapshots or ask AWS for a higher quota"),
                e.getMessage());
        assertEquals(1, fake.calls("CreateDBSnapshot"), "not retried by the SDK");
    }

    @Test
    void anUnknownInstanceIsANonRetryableError() {
        BackupException e = assertThrows(
                BackupException.class, () -> new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "no-such-db")).step());

        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("DBInstanceNotFound: "), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-db"), e.getMessage());
    }

    @Test
    void anUnknownClusterIsANonRetryableError() {
        BackupException e = assertThrows(
                BackupException.class,
                () -> new SnapshotRun(rds, request(SnapshotKind.CLUSTER, "no-such-cluster")).step());

        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("DBClusterNotFoundFault: "), e.getMessage());
    }

    @Test
    void anInstanceInTheWrongStateIsANonRetryableError() {
        fake.addInstance(PARIS, "shop-db", false);
        fake.failNext("CreateDBSnapshot", 400, "InvalidDBInstanceState", 1);

        BackupException e = assertThrows(
                BackupException.class, () -> new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step());

        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("InvalidDBInstanceState: "), e.getMessage());
    }

    @Test
    void aKmsKeyRdsCannotUseIsDenied() {
        fake.addInstance(PARIS, "shop-db", true);
        fake.failNext("CopyDBSnapshot", 400, "KMSKeyNotAccessibleFault", 1);
        SnapshotRun run = new SnapshotRun(
                rds, request(SnapshotKind.INSTANCE, "shop-db", new CopyTarget(IRELAND, "alias/missing")));

        BackupException e = assertThrows(BackupException.class, () -> runToEnd(run, 10));

        assertEquals(BackupException.Kind.CLOUD_DENIED, e.kind());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("KMSKeyNotAccessibleFault: "), e.getMessage());
    }

    @Test
    void accessDeniedNamesThePermissionAndNeverTheSecret() {
        fake.addInstance(PARIS, "shop-db", false);
        fake.failNext("CreateDBSnapshot", 403, "AccessDenied", 1);

        BackupException e = assertThrows(
                BackupException.class, () -> new SnapshotRun(rds, request(SnapshotKind.INSTANCE, "shop-db")).step());

        assertEquals(BackupException.Kind.CLOUD_DENIED, e.kind());
        assertTrue(
                e.getMessage().startsWith("AccessDenied: ") && e.getMessage().contains("rds:CreateDBSnapshot"),
                e.getMessage());
        assertFalse(e.getMessage().contains(FakeRds.CREDENTIALS.secretAccessKey()));
    }

    @Test
    void requestsCopyingIntoTheSourceRegionOrTwiceToOneRegionAreRefused() {
        assertThrows(
                BackupException.class, () -> request(SnapshotKind.INSTANCE, "shop-db", new CopyTarget(PARIS, null)));
        assertThrows(
                BackupException.class,
                () -> request(
                        SnapshotKind.INSTANCE,
                        "shop-db",
                        new CopyTarget(IRELAND, null),
                        new CopyTarget(IRELAND, "alias/k")));
    }
}
