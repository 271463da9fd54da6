package dev.accountbackup.engine.storage;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK failures into the store's contract: {@link StorageAccessDeniedException} with a
 * sentence on what to fix when retrying cannot help, a plain {@link IOException} when it can.
 * Messages name the bucket, key and region, never credentials.
 */
final class S3Errors {

    /** What the store was doing, and the IAM permission that allows it. */
    enum Operation {
        WRITE("writing", "s3:PutObject", "kms:GenerateDataKey"),
        READ("reading", "s3:GetObject", "kms:Decrypt"),
        CHECK("checking", "s3:GetObject and s3:ListBucket", "kms:Decrypt"),
        LIST("listing", "s3:ListBucket", null),
        DELETE("deleting", "s3:DeleteObject", null),
        LIST_VERSIONS("listing the object versions in", "s3:ListBucketVersions", null),
        CHECK_LOCK("reading the Object Lock of", "s3:GetObject, s3:GetObjectRetention and s3:GetObjectLegalHold", null),
        DELETE_VERSION("deleting", "s3:DeleteObjectVersion", null),
        ABORT("discarding the unfinished upload of", "s3:AbortMultipartUpload", null),
        LIST_UPLOADS("listing the unfinished uploads in", "s3:ListBucketMultipartUploads", null);

        private final String verb;
        private final String permission;
        private final String kmsPermission;

        Operation(String verb, String permission, String kmsPermission) {
            this.verb = verb;
            this.permission = permission;
            this.kmsPermission = kmsPermission;
        }
    }

    private final String bucket;
    private final String region;
    private final boolean usesKms;
    private final boolean payloadChecksums;
    private final boolean usesObjectLock;

    S3Errors(String bucket, String region, boolean usesKms, boolean payloadChecksums, boolean usesObjectLock) {
        this.bucket = bucket;
        this.region = region;
        this.usesKms = usesKms;
        this.payloadChecksums = payloadChecksums;
        this.usesObjectLock = usesObjectLock;
    }

    <T> T call(Operation op, String uri, Supplier<T> call) throws IOException {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(e, op, uri);
        }
    }

    IOException translate(SdkException e, Operation op, String uri) {
        if (e instanceof AwsServiceException service) {
            return fromService(service, op, uri);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return new StorageAccessDeniedException(
                    "no AWS credentials found for bucket '" + bucket + "': give the"
                            + " operator credentials (a storage credentials Secret, a web identity / IRSA role, or the"
                            + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables)",
                    e);
        }
        return new IOException(
                "cannot reach S3 while " + op.verb + " " + uri + " (region " + region + "): " + e.getMessage(), e);
    }

    private IOException fromService(AwsServiceException e, Operation op, String uri) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? ""
                : e.awsErrorDetails().errorCode();
        int status = e.statusCode();
        switch (code) {
            case "NoSuchBucket":
                return denied(
                        "bucket '" + bucket + "' does not exist (region " + region + "): create it or fix the"
                                + " bucket name (storage.s3.bucket)",
                        e);
            case "InvalidBucketName":
                return denied("'" + bucket + "' is not a valid S3 bucket name: fix storage.s3.bucket", e);
            case "InvalidAccessKeyId":
                return denied("S3 does not know the access key id in use: fix the storage credentials", e);
            case "SignatureDoesNotMatch":
                return denied(
                        "S3 rejected the request signature: the secret access key does not belong to the"
                                + " access key id; fix the storage credentials",
                        e);
            case "ExpiredToken", "TokenRefreshRequired", "InvalidToken":
                return denied("the AWS session token has expired or is not valid: renew the storage credentials", e);
            case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
                return denied(
                        "bucket '" + bucket + "' is not in region " + region + ": set the bucket's region"
                                + " (storage.s3.region, or AWS_REGION for the command line)",
                        e);
            case "AccessDenied", "AllAccessDisabled", "AccountProblem":
                return accessDenied(op, uri, e);
            case "InvalidObjectState":
                return denied(
                        uri + " is in an archive storage class (Glacier or Deep Archive): restore it from the"
                                + " archive first, or keep backups in a storage class that is read directly",
                        e);
            default:
                break;
        }
        if (code.startsWith("KMS.")) {
            return denied(
                    "the KMS key for server-side encryption cannot be used (" + code + "): check"
                            + " storage.s3.kmsKeyId and allow kms:GenerateDataKey and kms:Decrypt on it for the operator",
                    e);
        }
        if (status == 403) {
            return accessDenied(op, uri, e);
        }
        if (status == 301) {
            return denied(
                    "bucket '" + bucket + "' is not in region " + region + ": set the bucket's region"
                            + " (storage.s3.region, or AWS_REGION for the command line)",
                    e);
        }
        String what = code.isEmpty() ? "HTTP " + status : code + " (HTTP " + status + ")";
        if (payloadChecksums && status == 400 && rejectsChecksums(code, e)) {
            return denied(
                    "the S3 service rejects the CRC32 checksums the AWS SDK sends while " + op.verb + " " + uri + " ("
                            + what
                            + "): set storage.s3.payloadChecksums: false (for the command line, AWS_REQUEST_CHECKSUM_CALCULATION=when_required)",
                    e);
        }
        if (usesObjectLock && op == Operation.WRITE && (status == 501 || status == 400 && mentionsObjectLock(e))) {
            return denied(
                    "S3 refused the Object Lock of " + uri + " (" + what
                            + "): storage.s3.objectLock needs a bucket created"
                            + " with Object Lock enabled, on a service that supports it; enable it on bucket '" + bucket
                            + "' or remove"
                            + " storage.s3.objectLock",
                    e);
        }
        if (status == 501) {
            return denied(
                    "the S3 server does not support what " + op.verb + " " + uri + " needs (" + what
                            + "): use an S3-compatible server that does, or a file-system location",
                    e);
        }
        if (e.isThrottlingException() || status >= 500) {
            return new IOException(
                    "S3 answered " + what + " while " + op.verb + " " + uri
                            + ": a temporary problem on the S3 side; try again later",
                    e);
        }
        String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return new IOException(
                "S3 refused " + op.verb + " " + uri + ": " + what
                        + (detail == null || detail.isBlank() ? "" : " " + detail),
                e);
    }

    /** AWS answers a locked upload to a bucket without Object Lock with "Bucket is missing Object Lock Configuration". */
    private static boolean mentionsObjectLock(AwsServiceException e) {
        return e.awsErrorDetails() != null
                && String.valueOf(e.awsErrorDetails().errorMessage())
                        .toLowerCase(Locale.ROOT)
                        .contains("object lock");
    }

    /** What S3-compatible services that do not know the SDK's checksums (and their aws-chunked uploads) answer. */
    private static boolean rejectsChecksums(String code, AwsServiceException e) {
        String text = (code + " "
                        + (e.awsErrorDetails() == null
                                ? ""
                                : e.awsErrorDetails().errorMessage()))
                .toLowerCase(Locale.ROOT);
        return text.contains("xamzcontentsha256mismatch")
                || text.contains("checksum")
                || text.contains("x-amz-trailer")
                || text.contains("aws-chunked");
    }

    private StorageAccessDeniedException accessDenied(Operation op, String uri, Exception e) {
        if (op == Operation.DELETE_VERSION) {
            // AWS answers a delete of a version under retention or legal hold with a plain AccessDenied
            return denied(
                    "S3 denied " + op.verb + " " + uri + ": the version is under Object Lock (a retention period"
                            + " or a legal hold), or the operator's AWS identity lacks " + op.permission
                            + " on bucket '" + bucket + "'",
                    e);
        }
        String kms = usesKms && op.kmsPermission != null ? " and " + op.kmsPermission + " on the KMS key" : "";
        String lock = usesObjectLock && op == Operation.WRITE ? " and s3:PutObjectRetention" : "";
        return denied(
                "S3 denied access while " + op.verb + " " + uri + ": allow " + op.permission + lock + kms
                        + " on bucket '" + bucket + "' for the operator's AWS identity",
                e);
    }

    private static StorageAccessDeniedException denied(String message, Exception cause) {
        return new StorageAccessDeniedException(message, cause);
    }
}
