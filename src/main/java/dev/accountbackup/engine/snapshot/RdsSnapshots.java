package dev.accountbackup.engine.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;

/**
 * The snapshot calls of one kind in one region: DB snapshots and DB cluster snapshots have twin APIs, this class
 * is the only place that tells them apart.
 */
final class RdsSnapshots {

    private final SnapshotKind kind;
    private final String region;
    private final RdsClient client;

    RdsSnapshots(RdsConnection rds, SnapshotKind kind, String region) {
        this.kind = kind;
        this.region = region;
        this.client = rds.client(region);
    }

    Optional<SnapshotInfo> describe(String identifier) {
        String doing = "looking up " + kind.snapshotNoun() + " " + identifier;
        if (kind == SnapshotKind.INSTANCE) {
            return RdsErrors.callExpecting(
                    "DescribeDBSnapshots",
                    doing,
                    region,
                    () -> client.describeDBSnapshots(r -> r.dbSnapshotIdentifier(identifier)).dbSnapshots().stream()
                            .map(this::info)
                            .findFirst(),
                    DbSnapshotNotFoundException.class,
                    Optional.empty());
        }
        return RdsErrors.callExpecting(
                "DescribeDBClusterSnapshots",
                doing,
                region,
                () -> client
                        .describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(identifier))
                        .dbClusterSnapshots()
                        .stream()
                        .map(this::info)
                        .findFirst(),
                DbClusterSnapshotNotFoundException.class,
                Optional.empty());
    }

    /** Starts a snapshot of {@code sourceIdentifier}; empty when one with this identifier exists already. */
    Optional<SnapshotInfo> create(String sourceIdentifier, String identifier, Map<String, String> tags) {
        String doing = "creating " + kind.snapshotNoun() + " " + identifier + " of " + kind.sourceNoun() + " "
                + sourceIdentifier;
        if (kind == SnapshotKind.INSTANCE) {
            return RdsErrors.callExpecting(
                    "CreateDBSnapshot",
                    doing,
                    region,
                    () -> Optional.of(info(client.createDBSnapshot(r -> r.dbInstanceIdentifier(sourceIdentifier)
                                    .dbSnapshotIdentifier(identifier)
                                    .tags(RdsTags.toTagList(tags)))
                            .dbSnapshot())),
                    DbSnapshotAlreadyExistsException.class,
                    Optional.empty());
        }
        return RdsErrors.callExpecting(
                "CreateDBClusterSnapshot",
                doing,
                region,
                () -> Optional.of(info(client.createDBClusterSnapshot(r -> r.dbClusterIdentifier(sourceIdentifier)
                                .dbClusterSnapshotIdentifier(identifier)
                                .tags(RdsTags.toTagList(tags)))
                        .dbClusterSnapshot())),
                DbClusterSnapshotAlreadyExistsException.class,
                Optional.empty());
    }

    /**
     * Starts a copy of {@code original} (of another region) into this region, under {@code identifier}; empty when
     * a snapshot with this identifier exists here already. Tags are given explicitly: copying the original's tags
     * would depend on the caller's rds:ListTagsForResource in the source region.
     *
     * @param kmsKeyId a key of this region; null for an unencrypted original
     */
    Optional<SnapshotInfo> copy(SnapshotInfo original, String identifier, String kmsKeyId, Map<String, String> tags) {
        String doing = "copying " + kind.snapshotNoun() + " " + original.identifier() + " from " + original.region();
        if (kind == SnapshotKind.INSTANCE) {
            return RdsErrors.callExpecting(
                    "CopyDBSnapshot",
                    doing,
                    region,
                    () -> Optional.of(info(client.copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(original.arn())
                                    .targetDBSnapshotIdentifier(identifier)
                                    .sourceRegion(original.region())
                                    .kmsKeyId(kmsKeyId)
                                    .tags(RdsTags.toTagList(tags)))
                            .dbSnapshot())),
                    DbSnapshotAlreadyExistsException.class,
                    Optional.empty());
        }
        return RdsErrors.callExpecting(
                "CopyDBClusterSnapshot",
                doing,
                region,
                () -> Optional.of(
                        info(client.copyDBClusterSnapshot(r -> r.sourceDBClusterSnapshotIdentifier(original.arn())
                                        .targetDBClusterSnapshotIdentifier(identifier)
                                        .sourceRegion(original.region())
                                        .kmsKeyId(kmsKeyId)
                                        .tags(RdsTags.toTagList(tags)))
                                .dbClusterSnapshot())),
                DbClusterSnapshotAlreadyExistsException.class,
                Optional.empty());
    }

    /** Deletes a snapshot; one that is gone already counts as deleted. */
    void delete(String identifier) {
        String doing = "deleting " + kind.snapshotNoun() + " " + identifier;
        if (kind == SnapshotKind.INSTANCE) {
            RdsErrors.callExpecting(
                    "DeleteDBSnapshot",
                    doing,
                    region,
                    () -> client.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(identifier)),
                    DbSnapshotNotFoundException.class,
                    null);
        } else {
            RdsErrors.callExpecting(
                    "DeleteDBClusterSnapshot",
                    doing,
                    region,
                    () -> client.deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(identifier)),
                    DbClusterSnapshotNotFoundException.class,
                    null);
        }
    }

    /** Every manual snapshot of this kind in the region, following the pages (Marker) to the end. */
    List<SnapshotInfo> manual() {
        String doing = "listing the manual " + kind.snapshotNoun() + "s";
        if (kind == SnapshotKind.INSTANCE) {
            return RdsErrors.call(
                    "DescribeDBSnapshots",
                    doing,
                    region,
                    () -> client.describeDBSnapshotsPaginator(r -> r.snapshotType("manual")).stream()
                            .flatMap(page -> page.dbSnapshots().stream())
                            .map(this::info)
                            .toList());
        }
        return RdsErrors.call(
                "DescribeDBClusterSnapshots",
                doing,
                region,
                () -> client.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual")).stream()
                        .flatMap(page -> page.dbClusterSnapshots().stream())
                        .map(this::info)
                        .toList());
    }

    private SnapshotInfo info(DBSnapshot s) {
        return new SnapshotInfo(
                s.dbSnapshotIdentifier(),
                s.dbSnapshotArn(),
                region,
                kind,
                s.status(),
                percent(s.percentProgress()),
                s.allocatedStorage(),
                Boolean.TRUE.equals(s.encrypted()),
                s.kmsKeyId(),
                s.snapshotCreateTime(),
                s.engine(),
                RdsTags.toMap(s.tagList()));
    }

    private SnapshotInfo info(DBClusterSnapshot s) {
        return new SnapshotInfo(
                s.dbClusterSnapshotIdentifier(),
                s.dbClusterSnapshotArn(),
                region,
                kind,
                s.status(),
                percent(s.percentProgress()),
                s.allocatedStorage(),
                Boolean.TRUE.equals(s.storageEncrypted()),
                s.kmsKeyId(),
                s.snapshotCreateTime(),
                s.engine(),
                RdsTags.toMap(s.tagList()));
    }

    private static int percent(Integer progress) {
        return progress == null ? 0 : progress;
    }
}
