package dev.accountbackup.engine.retention;

import java.util.List;

/**
 * What a retention pass did.
 *
 * @param plan     what was decided, with the reasons
 * @param deleted  ids of the backups deleted, newest first
 * @param failures backups that were to be deleted but could not be
 * @param leftAlone backups the set cannot use (e.g. not signed by a configured key), with the reason: neither kept nor deleted
 */
public record RetentionResult(
        RetentionPlan plan, List<String> deleted, List<Failure> failures, List<String> leftAlone) {

    /**
     * @param retryable whether the next pass will try again by itself (the backup is still listed);
     *                  when false, the message says what needs a person
     */
    public record Failure(String backupId, String message, boolean retryable) {}

    public RetentionResult {
        deleted = List.copyOf(deleted);
        failures = List.copyOf(failures);
        leftAlone = List.copyOf(leftAlone);
    }

    public boolean complete() {
        return failures.isEmpty();
    }
}
