package dev.accountbackup.engine.snapshot;

import dev.accountbackup.engine.BackupException;
import java.util.List;
import java.util.Map;

/**
 * A new DB instance (or DB cluster with its first instance) made from a snapshot. Null settings take RDS's
 * defaults (for an instance restored from a DB snapshot: mostly those of the snapshotted instance).
 *
 * @param restoreAs     identifier of the new instance or cluster; must not exist yet
 * @param instanceClass e.g. db.r6g.large; required for a cluster, whose first instance is created with it
 * @param parameterGroup DB parameter group (instance) or DB cluster parameter group (cluster)
 * @param multiAz       instances only
 * @param tags          put on the new instance/cluster; a restore restarted after a crash recognises its own target by them
 */
public record SnapshotRestoreRequest(
        SnapshotKind kind,
        String region,
        String snapshotIdentifier,
        String restoreAs,
        String instanceClass,
        String subnetGroup,
        List<String> securityGroupIds,
        String parameterGroup,
        Boolean multiAz,
        boolean publiclyAccessible,
        Map<String, String> tags) {

    public SnapshotRestoreRequest {
        if (kind == null) {
            throw BackupException.invalid("a snapshot restore needs a kind: a DB instance or a DB cluster");
        }
        region = Regions.require(region, "the snapshot restore");
        if (snapshotIdentifier == null || snapshotIdentifier.isBlank()) {
            throw BackupException.invalid("a snapshot restore needs the identifier of the snapshot to restore");
        }
        if (restoreAs == null || restoreAs.isBlank()) {
            throw BackupException.invalid(
                    "a snapshot restore needs restoreAs: the identifier of the new " + kind.sourceNoun());
        }
        if (kind == SnapshotKind.CLUSTER && (instanceClass == null || instanceClass.isBlank())) {
            throw BackupException.invalid(
                    "restoring the DB cluster snapshot " + snapshotIdentifier + " needs an instance"
                            + " class for the cluster's first instance: set the instance class, e.g. db.r6g.large");
        }
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
        tags = RdsTags.requireOwnerTags(tags);
    }
}
