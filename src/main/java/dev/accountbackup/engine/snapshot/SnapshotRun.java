package dev.accountbackup.engine.snapshot;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One snapshot run: the snapshot of the database, then its copies to other regions, all under the request's
 * identifier. Each {@link #step()} returns promptly (a few API calls, never sleeps): the caller calls it again later.
 * Nothing is remembered between steps that RDS does not also know, so a run rebuilt after a restart picks up where
 * the previous one was: a snapshot or copy found under the identifier and carrying the ownership tags is followed,
 * never made a second time.
 */
public final class SnapshotRun {

    private final RdsConnection rds;
    private final SnapshotRequest request;

    public SnapshotRun(RdsConnection rds, SnapshotRequest request) {
        this.rds = rds;
        this.request = request;
    }

    /**
     * Looks at the snapshot and its copies, and starts what is missing.
     *
     * @throws BackupException retryable for throttling/5xx/network (after the SDK's own retries), not retryable for
     *                         user errors and for a snapshot or copy that failed in RDS
     */
    public SnapshotProgress step() {
        SnapshotSource source = request.source();
        RdsSnapshots inSource = new RdsSnapshots(rds, source.kind(), source.region());
        SnapshotInfo snapshot =
                findOrStart(inSource, () -> inSource.create(source.identifier(), request.identifier(), request.tags()));
        if (snapshot.isFailed()) {
            throw failedInRds(snapshot, "of " + source.kind().sourceNoun() + " " + source.identifier());
        }
        if (!snapshot.isAvailable()) {
            return new SnapshotProgress(snapshot, List.of(), false);
        }
        List<SnapshotInfo> copies = new ArrayList<>();
        for (CopyTarget target : request.copies()) {
            copies.add(copy(snapshot, target));
        }
        return new SnapshotProgress(snapshot, copies, copies.stream().allMatch(SnapshotInfo::isAvailable));
    }

    private SnapshotInfo copy(SnapshotInfo original, CopyTarget target) {
        RdsSnapshots inTarget = new RdsSnapshots(rds, original.kind(), target.region());
        SnapshotInfo copy = findOrStart(inTarget, () -> {
            if (original.encrypted() && target.kmsKeyId() == null) {
                throw BackupException.invalid("the " + original.kind().snapshotNoun() + " " + original.identifier()
                        + " is encrypted, and an encrypted snapshot is copied to another region only with a KMS key of"
                        + " that region: set the KMS key for the copy to " + target.region());
            }
            return inTarget.copy(original, request.identifier(), target.kmsKeyId(), request.tags());
        });
        if (copy.isFailed()) {
            throw failedInRds(copy, "(the copy of " + original.identifier() + " from " + original.region() + ")");
        }
        return copy;
    }

    /**
     * The snapshot under the request's identifier in one region: followed when it exists and is ours, started when
     * it does not exist. A start that finds it exists already (a concurrent or earlier start) follows it too.
     */
    private SnapshotInfo findOrStart(RdsSnapshots region, Supplier<Optional<SnapshotInfo>> start) {
        Optional<SnapshotInfo> found = region.describe(request.identifier());
        if (found.isEmpty()) {
            Optional<SnapshotInfo> started = start.get();
            if (started.isPresent()) {
                return started.get();
            }
            found = region.describe(request.identifier());
        }
        SnapshotInfo snapshot = found.orElseThrow(() -> new BackupException(
                Kind.CLOUD_UNAVAILABLE,
                "RDS reported " + request.identifier()
                        + " as existing, then as missing; the next attempt looks again"));
        if (!snapshot.carriesAll(request.ownerTags())) {
            throw BackupException.invalid("a " + snapshot.kind().snapshotNoun() + " named " + snapshot.identifier()
                    + " exists in " + snapshot.region() + " and was not made by this backup (it lacks the backup's"
                    + " ownership tags); it is left alone: delete or rename it if it is not needed, or give the backup"
                    + " another name");
        }
        return snapshot;
    }

    private static BackupException failedInRds(SnapshotInfo snapshot, String what) {
        return new BackupException(
                Kind.CLOUD_FAILED,
                "the " + snapshot.kind().snapshotNoun() + " " + snapshot.identifier() + " " + what
                        + " failed in RDS (status " + snapshot.status() + " in " + snapshot.region()
                        + "): see the events of"
                        + " the database in the RDS console, and delete the failed snapshot");
    }
}
