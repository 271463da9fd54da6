package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.snapshot.RdsConnection;
import dev.accountbackup.engine.snapshot.SnapshotCatalog;
import dev.accountbackup.engine.snapshot.SnapshotInfo;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.snapshot.SnapshotRestore;
import dev.accountbackup.engine.snapshot.SnapshotRestoreProgress;
import dev.accountbackup.engine.snapshot.SnapshotRestoreRequest;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The steps of a snapshot restore: the first one finds the snapshot (the one asked for, or the
 * newest available one of the AccountBackup in that region), every step moves the restore on.
 *
 * @param request   builds the restore request for the snapshot identifier found
 * @param ownerTags the ownership tags of the AccountBackup's snapshots
 */
final class SnapshotRestoreSteps implements Supplier<SnapshotRestoreProgress> {

    private final RdsConnection rds;
    private final SnapshotKind kind;
    private final SnapshotRestoreAttempt attempt;
    private final Map<String, String> ownerTags;
    private final String backupName;
    private final Function<String, SnapshotRestoreRequest> request;
    private SnapshotRestore restore;

    SnapshotRestoreSteps(
            RdsConnection rds,
            SnapshotKind kind,
            SnapshotRestoreAttempt attempt,
            Map<String, String> ownerTags,
            String backupName,
            Function<String, SnapshotRestoreRequest> request) {
        this.rds = rds;
        this.kind = kind;
        this.attempt = attempt;
        this.ownerTags = ownerTags;
        this.backupName = backupName;
        this.request = request;
    }

    @Override
    public SnapshotRestoreProgress get() {
        if (restore == null) {
            String identifier = snapshotToRestore();
            attempt.snapshot().set(identifier);
            restore = new SnapshotRestore(rds, request.apply(identifier));
        }
        return restore.step();
    }

    private String snapshotToRestore() {
        String region = attempt.region();
        if (attempt.requestedSnapshot() == null) {
            return SnapshotCatalog.newestOwned(rds, kind, region, ownerTags)
                    .map(SnapshotInfo::identifier)
                    .orElseThrow(() -> BackupException.invalid(
                            "AccountBackup '" + backupName + "' has no available RDS snapshot in " + region
                                    + ": wait for its first snapshot (or its copy to " + region + ") to complete"));
        }
        SnapshotInfo found = SnapshotCatalog.find(rds, kind, region, attempt.requestedSnapshot())
                .orElseThrow(() -> BackupException.invalid("no RDS snapshot " + attempt.requestedSnapshot() + " in "
                        + region + ": check backupId (or snapshot.snapshotIdentifier) and snapshot.region"));
        if (!found.isAvailable()) {
            throw new BackupException(
                    BackupException.Kind.CLOUD_UNAVAILABLE,
                    "RDS snapshot " + found.identifier() + " in " + region + " is " + found.status()
                            + ", not available yet");
        }
        return found.identifier();
    }
}
