package dev.accountbackup.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The Object Lock tests prove something only if their S3 stand-in refuses what AWS refuses: these cases
 * hold it to the rules of the S3 user guide, through the AWS SDK.
 */
class ObjectLockS3Test {

    private static final Instant IN_A_DAY =
            Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

    private ObjectLockS3 s3;
    private S3Client client;
    private String bucket;

    @BeforeEach
    void start() {
        s3 = new ObjectLockS3();
        client = s3.client();
        bucket = s3.newBucket();
    }

    @AfterEach
    void stop() {
        client.close();
        s3.close();
    }

    private String put(String key, String text, ObjectLockMode mode) {
        return client.putObject(
                        r -> r.bucket(bucket)
                                .key(key)
                                .checksumAlgorithm(ChecksumAlgorithm.CRC32)
                                .objectLockMode(mode)
                                .objectLockRetainUntilDate(mode == null ? null : IN_A_DAY),
                        RequestBody.fromString(text))
                .versionId();
    }

    private int deleteStatus(String key, String versionId, boolean bypass) {
        S3Exception e = assertThrows(
                S3Exception.class,
                () -> client.deleteObject(r -> r.bucket(bucket)
                        .key(key)
                        .versionId(versionId)
                        .bypassGovernanceRetention(bypass ? true : null)));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        return e.statusCode();
    }

    @Test
    void aLockedVersionCannotBeDeletedByItsIdAndADeleteWithoutIdOnlyHidesIt() {
        String version = put("a", "kept", ObjectLockMode.COMPLIANCE);
        assertEquals(403, deleteStatus("a", version, true), "no bypass for COMPLIANCE");

        client.deleteObject(r -> r.bucket(bucket).key("a"));
        assertThrows(
                NoSuchKeyException.class,
                () -> client.getObject(r -> r.bucket(bucket).key("a")));
        List<ObjectVersion> versions = s3.versions(bucket, "a");
        assertEquals(
                List.of(version),
                versions.stream().map(ObjectVersion::versionId).toList());
        assertArrayEquals(
                "kept".getBytes(),
                client.getObjectAsBytes(r -> r.bucket(bucket).key("a").versionId(version))
                        .asByteArray());
    }

    @Test
    void governanceYieldsToTheBypassAndEveryLockToTime() {
        String governed = put("g", "x", ObjectLockMode.GOVERNANCE);
        assertEquals(403, deleteStatus("g", governed, false));
        client.deleteObject(r -> r.bucket(bucket).key("g").versionId(governed).bypassGovernanceRetention(true));
        assertEquals(List.of(), s3.versions(bucket, "g"));

        String compliance = put("c", "x", ObjectLockMode.COMPLIANCE);
        s3.advanceClock(Duration.ofDays(1).plusMinutes(1));
        client.deleteObject(r -> r.bucket(bucket).key("c").versionId(compliance));
        assertEquals(List.of(), s3.versions(bucket, "c"));
    }

    @Test
    void aRetentionIsExtendedNotShortenedAndALegalHoldHoldsWithoutADate() {
        String version = put("r", "x", ObjectLockMode.COMPLIANCE);
        S3Exception shorter = assertThrows(
                S3Exception.class,
                () -> client.putObjectRetention(r -> r.bucket(bucket)
                        .key("r")
                        .bypassGovernanceRetention(true)
                        .retention(t -> t.mode(ObjectLockRetentionMode.COMPLIANCE)
                                .retainUntilDate(IN_A_DAY.minusSeconds(3600)))));
        assertEquals(403, shorter.statusCode());
        Instant later = IN_A_DAY.plus(Duration.ofDays(9));
        client.putObjectRetention(r -> r.bucket(bucket)
                .key("r")
                .retention(t -> t.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(later)));
        assertEquals(
                later,
                client.headObject(r -> r.bucket(bucket).key("r").versionId(version))
                        .objectLockRetainUntilDate());

        String held = put("h", "x", null);
        client.putObjectLegalHold(
                r -> r.bucket(bucket).key("h").legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
        assertEquals(
                ObjectLockLegalHoldStatus.ON,
                client.headObject(r -> r.bucket(bucket).key("h")).objectLockLegalHoldStatus());
        assertEquals(403, deleteStatus("h", held, true), "a legal hold yields to no bypass");
    }

    @Test
    void theBucketsDefaultRetentionLocksNewVersionsOnly() {
        String before = put("d", "old", null);
        s3.defaultRetention(bucket, ObjectLockRetentionMode.GOVERNANCE, 3);
        String after = put("d", "new", null);

        assertNull(client.headObject(r -> r.bucket(bucket).key("d").versionId(before))
                .objectLockRetainUntilDate());
        var head = client.headObject(r -> r.bucket(bucket).key("d").versionId(after));
        assertEquals(ObjectLockMode.GOVERNANCE, head.objectLockMode());
        assertEquals(
                3,
                Duration.between(Instant.now(), head.objectLockRetainUntilDate())
                                .toDays()
                        + 1);
        assertEquals(403, deleteStatus("d", after, false));
        client.deleteObject(r -> r.bucket(bucket).key("d").versionId(before));
    }
}
