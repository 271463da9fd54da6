package dev.accountbackup.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.retention.RetentionPolicy;
import dev.accountbackup.testing.FakeRds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotRetentionTest extends FakeRdsTest {

    private static final String PARIS = "eu-west-3";
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Map<String, String> OWNER = Map.of("accountbackup.dev/backup", "shop.nightly");

    /** An owned snapshot taken {@code daysAgo} days before NOW. */
    private void owned(SnapshotKind kind, int daysAgo) {
        fake.addSnapshot(PARIS, kind, "nightly-" + daysAgo, "shop-db", NOW.minus(Duration.ofDays(daysAgo)), OWNER);
    }

    private List<String> identifiers(SnapshotKind kind) {
        return fake.snapshots(PARIS).stream()
                .filter(s -> s.kind() == kind)
                .map(FakeRds.SnapshotState::identifier)
                .sorted()
                .toList();
    }

    @Test
    void deletesOnlyOwnedSnapshotsThePolicyGivesUp() {
        for (int day = 0; day < 5; day++) {
            owned(SnapshotKind.INSTANCE, day);
        }
        fake.addSnapshot(
                PARIS,
                SnapshotKind.INSTANCE,
                "someone-elses",
                "shop-db",
                NOW.minus(Duration.ofDays(30)),
                Map.of("team", "x"));
        fake.addSnapshot(
                PARIS,
                SnapshotKind.INSTANCE,
                "other-backup",
                "shop-db",
                NOW.minus(Duration.ofDays(30)),
                Map.of("accountbackup.dev/backup", "shop.weekly"));
        fake.pageSize(2);

        SnapshotRetentionResult result = SnapshotRetention.apply(
                rds, SnapshotKind.INSTANCE, PARIS, OWNER, RetentionPolicy.parse(2, null, null), NOW);

        assertTrue(result.complete());
        assertEquals(PARIS, result.region());
        assertEquals(List.of("nightly-0", "nightly-1"), result.kept());
        assertEquals(List.of("nightly-2", "nightly-3", "nightly-4"), result.deleted());
        assertEquals(
                List.of("nightly-0", "nightly-1", "other-backup", "someone-elses"), identifiers(SnapshotKind.INSTANCE));
        assertTrue(fake.calls("DescribeDBSnapshots") >= 4, "all pages were read");
        assertTrue(fake.requests("DescribeDBSnapshots").stream()
                .allMatch(c -> "manual".equals(c.params().get("SnapshotType"))));
    }

    @Test
    void neverDeletesTheNewestAvailableSnapshotNorOnesStillBeingMade() {
        owned(SnapshotKind.INSTANCE, 40);
        owned(SnapshotKind.INSTANCE, 50);
        // a snapshot still being made is neither the newest available one nor a candidate
        fake.addInstance(PARIS, "shop-db", false);
        new SnapshotRun(
                        rds,
                        new SnapshotRequest(
                                new SnapshotSource(SnapshotKind.INSTANCE, "shop-db", PARIS),
                                "nightly-now",
                                OWNER,
                                OWNER,
                                List.of()))
                .step();

        SnapshotRetentionResult result = SnapshotRetention.apply(
                rds, SnapshotKind.INSTANCE, PARIS, OWNER, RetentionPolicy.parse(null, "7d", null), NOW);

        assertEquals(List.of("nightly-40"), result.kept());
        assertEquals(List.of("nightly-50"), result.deleted());
        assertEquals(List.of("nightly-40", "nightly-now"), identifiers(SnapshotKind.INSTANCE));
    }

    @Test
    void aFailedDeletionIsReportedAndTheOthersGoOn() {
        for (int day = 0; day < 3; day++) {
            owned(SnapshotKind.INSTANCE, day);
        }
        fake.failNext("DeleteDBSnapshot", 400, "InvalidDBSnapshotState", 1);

        SnapshotRetentionResult result = SnapshotRetention.apply(
                rds, SnapshotKind.INSTANCE, PARIS, OWNER, RetentionPolicy.parse(1, null, null), NOW);

        assertFalse(result.complete());
        assertEquals(List.of("nightly-2"), result.deleted());
        assertEquals(1, result.failures().size());
        assertTrue(
                result.failures().get(0).contains("nightly-1")
                        && result.failures().get(0).contains("InvalidDBSnapshotState"),
                result.failures().get(0));
    }

    @Test
    void clusterSnapshotsHaveTheirOwnRetention() {
        for (int day = 0; day < 3; day++) {
            owned(SnapshotKind.CLUSTER, day);
            owned(SnapshotKind.INSTANCE, day);
        }

        SnapshotRetentionResult result = SnapshotRetention.apply(
                rds, SnapshotKind.CLUSTER, PARIS, OWNER, RetentionPolicy.parse(1, null, null), NOW);

        assertEquals(List.of("nightly-1", "nightly-2"), result.deleted());
        assertEquals(List.of("nightly-0"), identifiers(SnapshotKind.CLUSTER));
        assertEquals(3, identifiers(SnapshotKind.INSTANCE).size());
        assertEquals(2, fake.calls("DeleteDBClusterSnapshot"));
        assertEquals(0, fake.calls("DeleteDBSnapshot"));
    }

    @Test
    void theCatalogFindsTheNewestOwnedAvailableSnapshot() {
        owned(SnapshotKind.INSTANCE, 3);
        owned(SnapshotKind.INSTANCE, 1);
        owned(SnapshotKind.INSTANCE, 2);
        fake.addSnapshot(PARIS, SnapshotKind.INSTANCE, "not-ours", "shop-db", NOW, Map.of());

        Optional<SnapshotInfo> newest = SnapshotCatalog.newestOwned(rds, SnapshotKind.INSTANCE, PARIS, OWNER);

        assertEquals("nightly-1", newest.orElseThrow().identifier());
        assertEquals(
                List.of("nightly-1", "nightly-2", "nightly-3"),
                SnapshotCatalog.owned(rds, SnapshotKind.INSTANCE, PARIS, OWNER).stream()
                        .map(SnapshotInfo::identifier)
                        .toList());
        assertEquals(
                "not-ours",
                SnapshotCatalog.find(rds, SnapshotKind.INSTANCE, PARIS, "not-ours")
                        .orElseThrow()
                        .identifier());
        assertTrue(SnapshotCatalog.find(rds, SnapshotKind.INSTANCE, PARIS, "missing")
                .isEmpty());
        assertTrue(SnapshotCatalog.newestOwned(rds, SnapshotKind.CLUSTER, PARIS, OWNER)
                .isEmpty());
    }

    @Test
    void withoutOwnershipTagsNothingCountsAsOwned() {
        owned(SnapshotKind.INSTANCE, 1);

        assertThrows(
                IllegalArgumentException.class,
                () -> SnapshotRetention.apply(
                        rds, SnapshotKind.INSTANCE, PARIS, Map.of(), RetentionPolicy.parse(0, null, null), NOW));
        assertEquals(0, fake.calls("DeleteDBSnapshot"));
    }
}
