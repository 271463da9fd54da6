package dev.accountbackup.operator.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the retention pass after a scheduled backup did, for status and events.
 *
 * @param summary          one line, e.g. "deleted 2 backups (20261101T020000Z, ...); kept 7"
 * @param deleted          ids of the backups removed from storage
 * @param deletedSnapshots identifiers of the RDS snapshots deleted in the backup's own region
 * @param failed           whether something could not be deleted, or a pass could not run
 */
public record RetentionReport(String summary, List<String> deleted, List<String> deletedSnapshots, boolean failed) {

    public RetentionReport {
        deleted = List.copyOf(deleted);
        deletedSnapshots = List.copyOf(deletedSnapshots);
    }

    /** One report of the passes over the exports and over the snapshots of each region. */
    static RetentionReport combine(List<RetentionReport> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<String> deleted = new ArrayList<>();
        List<String> deletedSnapshots = new ArrayList<>();
        parts.forEach(p -> {
            deleted.addAll(p.deleted());
            deletedSnapshots.addAll(p.deletedSnapshots());
        });
        return new RetentionReport(
                parts.stream().map(RetentionReport::summary).collect(Collectors.joining("; ")),
                deleted,
                deletedSnapshots,
                parts.stream().anyMatch(RetentionReport::failed));
    }
}
