package dev.accountbackup.engine.snapshot;

/**
 * A region that receives a copy of each snapshot.
 *
 * @param kmsKeyId the KMS key (id, alias or ARN) of the target region that encrypts the copy; {@code null} for an
 *                 unencrypted snapshot. An encrypted snapshot cannot be copied across regions without one.
 */
public record CopyTarget(String region, String kmsKeyId) {

    public CopyTarget {
        region = Regions.require(region, "a snapshot copy");
        kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId.trim();
    }
}
