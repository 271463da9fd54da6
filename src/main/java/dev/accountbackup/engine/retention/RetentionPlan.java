package dev.accountbackup.engine.retention;

import java.time.Instant;
import java.util.List;

/**
 * Which complete backups of a set to keep and which to delete, each with the reason, for logs and
 * status. Both lists are newest first.
 */
public record RetentionPlan(List<Entry> keep, List<Entry> delete) {

    /** One backup and why it is kept or deleted, e.g. "older than 14d (age 15d2h) and not one of the newest 7". */
    public record Entry(String backupId, Instant startedAt, String reason) {
    }

    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
    }

    public List<String> deleteIds() {
        return delete.stream().map(Entry::backupId).toList();
    }

    public boolean deletesNothing() {
        return delete.isEmpty();
    }
}
