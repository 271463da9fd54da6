package dev.accountbackup.engine.manifest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The S3 Object Lock retention put on every object of a backup, recorded in its manifest so that
 * retention and deletion know without asking S3 again.
 *
 * @param mode        GOVERNANCE (users with s3:BypassGovernanceRetention may still delete) or COMPLIANCE (nobody can,
 *                    not even the account's root user, until {@code retainUntil})
 * @param retainUntil the objects cannot be deleted or overwritten before this moment
 */
public record ObjectLock(Mode mode, Instant retainUntil) {

    public enum Mode {
        GOVERNANCE,
        COMPLIANCE
    }

    public ObjectLock {
        Objects.requireNonNull(mode, "mode");
        // S3 keeps retention dates to the second; one rule everywhere keeps the manifest equal to the objects
        retainUntil = Objects.requireNonNull(retainUntil, "retainUntil").truncatedTo(ChronoUnit.SECONDS);
    }

    /** Whether the lock still forbids deleting the backup at {@code now}; an expired lock protects nothing. */
    public boolean holdsAt(Instant now) {
        return now.isBefore(retainUntil);
    }

    /** For logs, status and events, e.g. "locked until 2027-01-05T02:00:00Z (COMPLIANCE)". */
    public String describe() {
        return "locked until " + retainUntil + " (" + mode + ")";
    }
}
