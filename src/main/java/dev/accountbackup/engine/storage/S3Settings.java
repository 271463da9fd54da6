package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.BackupException;
import java.net.URI;

/**
 * Where and how to reach an S3 bucket.
 *
 * @param prefix         folder inside the bucket that is the store's root; "" or {@code null} for the bucket root
 * @param region         {@code null} to take the region from the AWS SDK's default chain (AWS_REGION, profile, instance)
 * @param endpoint       {@code null} for AWS itself (or the endpoint configured the standard AWS way, e.g.
 *                       AWS_ENDPOINT_URL_S3); otherwise an S3-compatible server
 * @param forcePathStyle address the bucket as {@code endpoint/bucket} instead of {@code bucket.endpoint}, as most
 *                       S3-compatible servers need
 * @param credentials    {@code null} for the AWS SDK's default chain (environment, profile, web identity / IRSA,
 *                       container or instance role)
 * @param kmsKeyId       {@code null} for the bucket's default encryption; otherwise every object is written with
 *                       SSE-KMS under this key
 * @param payloadChecksums send a CRC32 checksum with every upload and check the ones S3 returns, as the AWS SDK does by
 *                       default; false for S3-compatible services that reject them (the manifest's SHA-256 still
 *                       covers every file)
 * @param objectLock     {@code null} for none; otherwise every object is written with this S3 Object Lock retention
 *                       (the bucket must have Object Lock enabled)
 */
public record S3Settings(
        String bucket,
        String prefix,
        String region,
        URI endpoint,
        boolean forcePathStyle,
        AwsCredentials credentials,
        String kmsKeyId,
        boolean payloadChecksums,
        ObjectLockPolicy objectLock) {

    /** Settings without Object Lock. */
    public S3Settings(
            String bucket,
            String prefix,
            String region,
            URI endpoint,
            boolean forcePathStyle,
            AwsCredentials credentials,
            String kmsKeyId,
            boolean payloadChecksums) {
        this(bucket, prefix, region, endpoint, forcePathStyle, credentials, kmsKeyId, payloadChecksums, null);
    }

    /** Settings with the AWS SDK's default payload checksums. */
    public S3Settings(
            String bucket,
            String prefix,
            String region,
            URI endpoint,
            boolean forcePathStyle,
            AwsCredentials credentials,
            String kmsKeyId) {
        this(bucket, prefix, region, endpoint, forcePathStyle, credentials, kmsKeyId, true, null);
    }

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw BackupException.invalid("no S3 bucket given: set the bucket name (storage.s3.bucket)");
        }
        if (bucket.contains("/")) {
            throw BackupException.invalid("S3 bucket name '" + bucket + "' contains '/': give the bucket name alone"
                    + " and the folder inside it as the prefix");
        }
        prefix = BackupLocation.trimSlashes(prefix);
        for (String segment : prefix.split("/")) {
            if (!prefix.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
                throw BackupException.invalid("S3 prefix '" + prefix + "' has an empty, '.' or '..' folder: give"
                        + " it as folder/subfolder");
            }
        }
        region = region == null || region.isBlank() ? null : region.trim();
        kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId.trim();
        if (endpoint != null && endpoint.getUserInfo() != null) {
            throw BackupException.invalid(
                    "the S3 endpoint URL must not contain credentials: give them as storage" + " credentials instead");
        }
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw BackupException.invalid("S3 endpoint '" + endpoint + "' is not an absolute URL: give it like"
                    + " https://s3.example.com or http://minio:9000");
        }
    }

    /** The same settings with every object locked as {@code lock} says ({@code null}: no lock). */
    public S3Settings withObjectLock(ObjectLockPolicy lock) {
        return new S3Settings(
                bucket, prefix, region, endpoint, forcePathStyle, credentials, kmsKeyId, payloadChecksums, lock);
    }

    /** Settings for AWS S3 with the default credential chain and the bucket's default encryption. */
    public static S3Settings aws(String bucket, String prefix, String region) {
        return new S3Settings(bucket, prefix, region, null, false, null, null);
    }
}
