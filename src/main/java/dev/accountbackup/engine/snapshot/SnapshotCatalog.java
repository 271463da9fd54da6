package dev.accountbackup.engine.snapshot;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finding snapshots: the one a restore uses, and the ones a backup owns. */
public final class SnapshotCatalog {

    private static final Comparator<SnapshotInfo> NEWEST_FIRST =
            Comparator.comparing(SnapshotInfo::createdAt, Comparator.nullsFirst(Comparator.<Instant>reverseOrder()));

    private SnapshotCatalog() {}

    public static Optional<SnapshotInfo> find(RdsConnection rds, SnapshotKind kind, String region, String identifier) {
        return new RdsSnapshots(rds, kind, region).describe(identifier);
    }

    /** The newest AVAILABLE snapshot carrying all ownerTags (manual snapshots only). */
    public static Optional<SnapshotInfo> newestOwned(
            RdsConnection rds, SnapshotKind kind, String region, Map<String, String> ownerTags) {
        return owned(rds, kind, region, ownerTags).stream()
                .filter(SnapshotInfo::isAvailable)
                .findFirst();
    }

    /**
     * Every manual snapshot carrying all ownerTags, newest first (one RDS has not timed yet first of all); used by
     * retention and by deletion of a whole backup set.
     */
    public static List<SnapshotInfo> owned(
            RdsConnection rds, SnapshotKind kind, String region, Map<String, String> ownerTags) {
        Map<String, String> owner = RdsTags.requireOwnerTags(ownerTags);
        return new RdsSnapshots(rds, kind, Regions.require(region, "the snapshot listing"))
                .manual().stream()
                        .filter(s -> s.carriesAll(owner))
                        .sorted(NEWEST_FIRST)
                        .toList();
    }
}
