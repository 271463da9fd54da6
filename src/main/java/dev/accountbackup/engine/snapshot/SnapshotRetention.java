package dev.accountbackup.engine.snapshot;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.retention.RetentionCandidate;
import dev.accountbackup.engine.retention.RetentionPlan;
import dev.accountbackup.engine.retention.RetentionPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Retention of one backup's snapshots in one region. Only snapshots carrying ALL ownerTags are ever deleted, and
 * of those only available ones are ranked: a snapshot still being made or copied is neither counted nor touched.
 * The newest available one is always kept ({@link RetentionPolicy} keeps rank 0 whatever the settings).
 */
public final class SnapshotRetention {

    private SnapshotRetention() {}

    /** @throws BackupException when the snapshots cannot be listed; a failed deletion is a failure entry instead */
    public static SnapshotRetentionResult apply(
            RdsConnection rds,
            SnapshotKind kind,
            String region,
            Map<String, String> ownerTags,
            RetentionPolicy policy,
            Instant now) {
        List<RetentionCandidate> available = SnapshotCatalog.owned(rds, kind, region, ownerTags).stream()
                // RDS times every available snapshot; one without a time could not be aged, so it is left out and kept
                .filter(s -> s.isAvailable() && s.createdAt() != null)
                .map(s -> new RetentionCandidate(s.identifier(), s.createdAt()))
                .toList();
        RetentionPlan plan = policy.rank(available, now);
        RdsSnapshots snapshots = new RdsSnapshots(rds, kind, region);
        List<String> deleted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String identifier : plan.deleteIds()) {
            try {
                snapshots.delete(identifier);
                deleted.add(identifier);
            } catch (BackupException e) {
                failures.add("deleting " + kind.snapshotNoun() + " " + identifier + " failed: " + e.getMessage());
            }
        }
        List<String> kept =
                plan.keep().stream().map(RetentionPlan.Entry::backupId).toList();
        return new SnapshotRetentionResult(region, kept, deleted, failures);
    }
}
