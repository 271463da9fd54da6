package dev.accountbackup.operator.restore;

import dev.accountbackup.api.RestoredInstanceStatus;
import dev.accountbackup.engine.snapshot.SnapshotRestoreProgress;
import dev.accountbackup.operator.snapshot.LatestProgress;

/**
 * The snapshot part of a running restore: the new instance, the snapshot it comes from (known once
 * "latest" is resolved), and the newest progress seen.
 *
 * @param requestedSnapshot the snapshot identifier asked for, or null for the newest of the AccountBackup
 */
public record SnapshotRestoreAttempt(
        String restoreAs,
        String region,
        String requestedSnapshot,
        LatestProgress<String> snapshot,
        LatestProgress<SnapshotRestoreProgress> progress) {

    public SnapshotRestoreAttempt(String restoreAs, String region, String requestedSnapshot) {
        this(restoreAs, region, requestedSnapshot, new LatestProgress<>(), new LatestProgress<>());
        if (requestedSnapshot != null) {
            snapshot.set(requestedSnapshot);
        }
    }

    public RestoredInstanceStatus status() {
        RestoredInstanceStatus s = new RestoredInstanceStatus();
        s.setSnapshotIdentifier(snapshot.get().orElse(null));
        s.setRegion(region);
        s.setIdentifier(restoreAs);
        s.setStatus("requested");
        progress.get().ifPresent(p -> {
            s.setArn(p.arn());
            s.setStatus(p.status());
            s.setEndpoint(p.endpoint());
            s.setPort(p.port());
        });
        return s;
    }

    /** E.g. "RDS snapshot X into the new instance shop-staging in eu-central-1 (creating)". */
    String describe() {
        return snapshot.get().map(id -> "RDS snapshot " + id).orElse("the newest RDS snapshot")
                + " into the new instance " + restoreAs + " in " + region
                + progress.get().map(p -> " (" + p.status() + ")").orElse("");
    }
}
