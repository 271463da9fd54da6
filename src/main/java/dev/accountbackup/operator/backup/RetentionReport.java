package dev.accountbackup.operator.backup;

import java.util.List;

/**
 * What the retention pass after a scheduled backup did, for status and events.
 *
 * @param summary one line, e.g. "deleted 2 backups (20261101T020000Z, ...); kept 7"
 * @param deleted ids of the backups removed from storage
 * @param failed  whether some backup could not be deleted, or the pass could not run
 */
public record RetentionReport(String summary, List<String> deleted, boolean failed) {

    public RetentionReport {
        deleted = List.copyOf(deleted);
    }
}
