package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.retention.RetentionPolicy;
import dev.accountbackup.engine.snapshot.RdsConnection;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.snapshot.SnapshotRetention;
import dev.accountbackup.engine.snapshot.SnapshotRetentionResult;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.operator.jobs.SafeErrors;
import dev.accountbackup.operator.snapshot.RdsConnections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of one AccountBackup's RDS snapshots: in its own region and in every copy region, only
 * snapshots carrying its ownership tags, never the newest available one of a region.
 *
 * @param regions the backup's own region first, then the copy regions
 */
record SnapshotRetentionScope(
        RdsConnections connections,
        AwsCredentials credentials,
        SnapshotKind kind,
        List<String> regions,
        Map<String, String> ownerTags) {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRetentionScope.class);

    List<RetentionReport> apply(RetentionPolicy policy, Instant now) {
        List<RetentionReport> reports = new ArrayList<>();
        try (RdsConnection rds = connections.open(credentials)) {
            for (String region : regions) {
                reports.add(applyIn(rds, region, policy, now, region.equals(regions.get(0))));
            }
        } catch (RuntimeException e) {
            // opening the connection failed: no region was reached
            reports.add(couldNotRun(regions.get(0), e));
        }
        return reports;
    }

    private RetentionReport applyIn(
            RdsConnection rds, String region, RetentionPolicy policy, Instant now, boolean ownRegion) {
        try {
            SnapshotRetentionResult result = SnapshotRetention.apply(rds, kind, region, ownerTags, policy, now);
            result.deleted().forEach(id -> LOG.info("snapshot retention in {}: deleted {}", region, id));
            result.failures().forEach(f -> LOG.warn("snapshot retention in {}: {}", region, f));
            String summary = "snapshots in " + region + ": "
                    + (result.deleted().isEmpty()
                            ? "kept all " + result.kept().size()
                            : "deleted " + result.deleted().size() + " (" + String.join(", ", result.deleted())
                                    + "); kept " + result.kept().size())
                    + (result.complete()
                            ? ""
                            : "; " + result.failures().size() + " could not be deleted: "
                                    + String.join("; ", result.failures()));
            return new RetentionReport(
                    summary, List.of(), ownRegion ? result.deleted() : List.of(), !result.complete());
        } catch (RuntimeException e) {
            return couldNotRun(region, e);
        }
    }

    private static RetentionReport couldNotRun(String region, RuntimeException e) {
        String why = e instanceof BackupException be ? be.getMessage() : SafeErrors.describe(e);
        LOG.warn("snapshot retention in {} could not run: {}", region, why);
        return new RetentionReport(
                "snapshot retention in " + region + " could not run: " + why, List.of(), List.of(), true);
    }
}
