package dev.accountbackup.operator.snapshot;

import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.snapshot.SnapshotSource;
import java.util.ArrayList;
import java.util.List;

/** The instance or cluster a (validated) snapshot spec names, and the regions its snapshots are kept in. */
public final class SnapshotSources {

    private SnapshotSources() {}

    public static SnapshotSource of(SnapshotSpec spec) {
        boolean cluster = spec.getDbClusterIdentifier() != null
                && !spec.getDbClusterIdentifier().isBlank();
        return cluster
                ? new SnapshotSource(
                        SnapshotKind.CLUSTER,
                        spec.getDbClusterIdentifier().strip(),
                        spec.getRegion().strip())
                : new SnapshotSource(
                        SnapshotKind.INSTANCE,
                        spec.getDbInstanceIdentifier().strip(),
                        spec.getRegion().strip());
    }

    /** The snapshot's own region first, then the regions it is copied to. */
    public static List<String> regions(SnapshotSpec spec) {
        List<String> regions = new ArrayList<>();
        regions.add(spec.getRegion());
        spec.getCopyTo().forEach(copy -> regions.add(copy.getRegion()));
        return regions;
    }
}
