package dev.accountbackup.operator.snapshot;

import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.snapshot.SnapshotSource;

/** The instance or cluster a (validated) snapshot spec names. */
public final class SnapshotSources {

    private SnapshotSources() {
    }

    public static SnapshotSource of(SnapshotSpec spec) {
        boolean cluster = spec.getDbClusterIdentifier() != null && !spec.getDbClusterIdentifier().isBlank();
        return cluster
                ? new SnapshotSource(SnapshotKind.CLUSTER, spec.getDbClusterIdentifier().strip(), spec.getRegion().strip())
                : new SnapshotSource(SnapshotKind.INSTANCE, spec.getDbInstanceIdentifier().strip(), spec.getRegion().strip());
    }
}
