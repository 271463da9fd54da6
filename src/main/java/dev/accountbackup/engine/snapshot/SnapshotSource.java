package dev.accountbackup.engine.snapshot;

import dev.accountbackup.engine.BackupException;

/**
 * The database RDS snapshots.
 *
 * @param identifier the DBInstanceIdentifier (INSTANCE) or DBClusterIdentifier (CLUSTER)
 */
public record SnapshotSource(SnapshotKind kind, String identifier, String region) {

    public SnapshotSource {
        if (kind == null) {
            throw BackupException.invalid("the snapshot source needs a kind: a DB instance or a DB cluster");
        }
        if (identifier == null || identifier.isBlank()) {
            throw BackupException.invalid("the snapshot source needs the identifier of the " + kind.sourceNoun());
        }
        region = Regions.require(region, "the " + kind.sourceNoun() + " " + identifier);
    }
}
