package dev.accountbackup.operator.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.retention.RetentionPolicy;
import dev.accountbackup.engine.snapshot.RdsConnection;
import dev.accountbackup.engine.snapshot.SnapshotCatalog;
import dev.accountbackup.engine.snapshot.SnapshotInfo;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.operator.erasure.ErasureOutcome.PredatingSnapshot;
import dev.accountbackup.operator.jobs.SafeErrors;
import dev.accountbackup.operator.snapshot.RdsConnections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The RDS snapshots of one AccountBackup (those carrying its ownership tags, in its own region and its copy regions)
 * taken before an erasure, and when its retention deletes each. RDS snapshots cannot be edited: until then they hold
 * the erased accounts.
 *
 * @param regions   the backup's own region first, then its copy regions
 * @param scheduled whether the AccountBackup has a schedule, after whose runs retention runs
 */
record SnapshotsBeforeErasure(
        String backupName,
        RdsConnections connections,
        AwsCredentials credentials,
        SnapshotKind kind,
        List<String> regions,
        Map<String, String> ownerTags,
        RetentionPolicy retention,
        boolean scheduled) {

    /**
     * Lists them; a region that cannot be listed is reported to {@code problems} and the others still are.
     *
     * @param problems told (region, what went wrong) for each region not listed
     */
    List<PredatingSnapshot> list(Instant erasedAt, BiConsumer<String, String> problems) {
        List<PredatingSnapshot> found = new ArrayList<>();
        try (RdsConnection rds = connections.open(credentials)) {
            for (String region : regions) {
                try {
                    found.addAll(inRegion(rds, region, erasedAt));
                } catch (BackupException e) {
                    problems.accept(region, e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            problems.accept(regions.get(0), e instanceof BackupException be ? be.getMessage() : SafeErrors.describe(e));
        }
        return found;
    }

    private List<PredatingSnapshot> inRegion(RdsConnection rds, String region, Instant erasedAt) {
        // newest first: a snapshot's index among the available ones is how many newer ones retention counts
        List<SnapshotInfo> owned = SnapshotCatalog.owned(rds, kind, region, ownerTags);
        List<SnapshotInfo> available = owned.stream()
                .filter(s -> s.isAvailable() && s.createdAt() != null)
                .toList();
        List<PredatingSnapshot> before = new ArrayList<>();
        for (SnapshotInfo s : owned) {
            if (s.createdAt() == null || !s.createdAt().isBefore(erasedAt)) {
                continue;
            }
            int newer = (int) available.stream()
                    .filter(a -> a.createdAt().isAfter(s.createdAt()))
                    .count();
            SnapshotDeadline deadline = SnapshotDeadline.of(retention, scheduled, s.createdAt(), newer);
            before.add(new PredatingSnapshot(s.identifier(), region, s.createdAt(), deadline.after(), deadline.text()));
        }
        return before;
    }
}
