package dev.accountbackup.engine.retention;

import java.time.Instant;
import java.util.List;

/**
 * Which complete backups of a set to keep and which to delete, each with the reason, for logs and
 * status. All lists are newest first.
 *
 * @param locked the kept backups that the rules would delete but whose S3 Object Lock has not expired (also in {@code keep})
 */
public record RetentionPlan(List<Entry> keep, List<Entry> delete, List<Entry> locked) {

    /** One backup and why it is kept or deleted, e.g. "older than 14d (age 15d2h) and not one of the newest 7". */
    public record Entry(String backupId, Instant startedAt, String reason) {}

    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
        locked = List.copyOf(locked);
    }

    public RetentionPlan(List<Entry> keep, List<Entry> delete) {
        this(keep, delete, List.of());
    }

    public List<String> deleteIds() {
        return delete.stream().map(Entry::backupId).toList();
    }

    public boolean deletesNothing() {
        return delete.isEmpty();
    }
}
