package dev.accountbackup.operator.erasure;

import dev.accountbackup.engine.retention.DurationText;
import dev.accountbackup.engine.retention.RetentionPolicy;
import java.time.Instant;

/**
 * When an AccountBackup's retention deletes one of its RDS snapshots: retention runs after each scheduled run, keeps
 * the newest snapshot of a region, the newest {@code keepLast}, and those not older than {@code maxAge}.
 *
 * @param after the earliest time retention deletes it; null when it will not by age
 * @param text  the rule in words
 */
record SnapshotDeadline(Instant after, String text) {

    /**
     * @param scheduled whether the AccountBackup has a schedule (retention only runs after scheduled runs)
     * @param newer     how many available snapshots of the same backup and region are newer
     */
    static SnapshotDeadline of(RetentionPolicy policy, boolean scheduled, Instant createdAt, int newer) {
        if (!scheduled) {
            return new SnapshotDeadline(
                    null,
                    "retention runs after scheduled runs and the AccountBackup has no schedule: delete it by hand, or"
                            + " with deletionPolicy Delete when the AccountBackup is deleted");
        }
        if (policy.keepLast() == null && policy.maxAge() == null) {
            return new SnapshotDeadline(null, "the AccountBackup sets no retention: kept until deleted by hand");
        }
        String newest = newer == 0 ? "; the newest snapshot is kept until a newer one is available" : "";
        String keepLast = policy.keepLast() == null
                ? ""
                : " and is not one of the newest " + policy.keepLast() + " (" + newer + " newer now)";
        if (policy.maxAge() != null) {
            Instant after = createdAt.plus(policy.maxAge());
            return new SnapshotDeadline(
                    after,
                    "deleted at the first scheduled run after " + after + ", when it is older than "
                            + DurationText.format(policy.maxAge()) + keepLast + newest);
        }
        if (newer >= policy.keepLast()) {
            return new SnapshotDeadline(
                    null,
                    "deleted at the next scheduled run: it is not one of the newest " + policy.keepLast() + " (" + newer
                            + " newer)");
        }
        return new SnapshotDeadline(
                null,
                "deleted at the first scheduled run once it is not one of the newest " + policy.keepLast() + " ("
                        + newer + " newer now)" + newest);
    }
}
