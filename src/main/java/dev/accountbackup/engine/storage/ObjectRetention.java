package dev.accountbackup.engine.storage;

import java.time.Instant;

/**
 * The S3 Object Lock on one object version, as S3 reports it: from the upload's own lock, the
 * bucket's default retention, a later extension, or a legal hold.
 *
 * @param mode        GOVERNANCE or COMPLIANCE; null without a retention period
 * @param retainUntil null without a retention period
 * @param legalHold   whether a legal hold is on: it forbids deleting the version until it is lifted, whatever the date
 */
public record ObjectRetention(String mode, Instant retainUntil, boolean legalHold) {

    /** Whether it forbids deleting the version at {@code now}. */
    public boolean holdsAt(Instant now) {
        return legalHold || retainUntil != null && now.isBefore(retainUntil);
    }
}
