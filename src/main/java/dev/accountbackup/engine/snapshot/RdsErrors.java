package dev.accountbackup.engine.snapshot;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns RDS API failures, after the SDK's own retries, into {@link BackupException}s: retryable (CLOUD_UNAVAILABLE)
 * for throttling, RDS-side and network errors, not retryable for what a person must fix. Messages start with the
 * AWS error code and say what to fix; they never contain credentials.
 */
final class RdsErrors {

    private static final Set<String> THROTTLING = Set.of(
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "RequestThrottledException",
            "RequestThrottled",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "ProvisionedThroughputExceededException",
            "TransactionInProgressException",
            "SlowDown",
            "PriorRequestNotComplete",
            "EC2ThrottledException",
            "BandwidthLimitExceeded");
    private static final Set<String> BAD_CREDENTIALS = Set.of(
            "InvalidClientTokenId",
            "UnrecognizedClientException",
            "SignatureDoesNotMatch",
            "IncompleteSignature",
            "MissingAuthenticationToken",
            "InvalidSignatureException",
            "ExpiredToken",
            "ExpiredTokenException",
            "RequestExpired",
            "AuthFailure");
    private static final Set<String> ACCESS_DENIED =
            Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "NotAuthorized", "OptInRequired");

    private RdsErrors() {}

    /**
     * Runs one RDS call.
     *
     * @param action the RDS API action, named in messages on permissions (e.g. CreateDBSnapshot)
     * @param doing  what the call is for, e.g. "creating DB snapshot x of DB instance y"
     */
    static <T> T call(String action, String doing, String region, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(e, action, doing, region);
        }
    }

    /** Like {@link #call}, but an expected outcome (e.g. "not found") gives {@code whenExpected} instead of a failure. */
    static <T> T callExpecting(
            String action,
            String doing,
            String region,
            Supplier<T> call,
            Class<? extends AwsServiceException> expected,
            T whenExpected) {
        try {
            return call.get();
        } catch (SdkException e) {
            if (expected.isInstance(e)) {
                return whenExpected;
            }
            throw translate(e, action, doing, region);
        }
    }

    static BackupException translate(SdkException e, String action, String doing, String region) {
        String context = " (" + doing + " in " + region + ")";
        if (e instanceof AwsServiceException service) {
            return fromService(service, action, region, context);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return new BackupException(
                    Kind.CLOUD_DENIED,
                    "no AWS credentials found for RDS: give the operator"
                            + " credentials (a credentials Secret, a web identity / IRSA role, an instance profile, or the"
                            + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables)" + context,
                    e);
        }
        return new BackupException(
                Kind.CLOUD_UNAVAILABLE,
                "cannot reach the RDS API: " + e.getMessage() + "; the next attempt retries" + context,
                e);
    }

    private static BackupException fromService(AwsServiceException e, String action, String region, String context) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? ""
                : e.awsErrorDetails().errorCode();
        int status = e.statusCode();
        String label = code.isEmpty() ? "HTTP " + status : code;
        if (e.isThrottlingException() || THROTTLING.contains(code)) {
            return new BackupException(
                    Kind.CLOUD_UNAVAILABLE,
                    label + ": RDS is limiting the rate of requests in " + region + "; the next attempt retries"
                            + context,
                    e);
        }
        if (status >= 500) {
            return new BackupException(
                    Kind.CLOUD_UNAVAILABLE,
                    label + ": a temporary problem on the RDS side (HTTP " + status + "); the next attempt retries"
                            + context,
                    e);
        }
        if (BAD_CREDENTIALS.contains(code)) {
            return denied(label + ": AWS did not accept the operator's credentials; fix or renew them" + context, e);
        }
        if (ACCESS_DENIED.contains(code) || status == 403) {
            return denied(
                    label + ": AWS denied rds:" + action + " to the operator's identity; allow rds:" + action
                            + " (and rds:AddTagsToResource, rds:ListTagsForResource) in its IAM policy" + context,
                    e);
        }
        String fix = switch (code) {
            case "SnapshotQuotaExceeded" ->
                "the manual snapshot quota of the account in " + region + " is reached;"
                        + " delete old snapshots or ask AWS for a higher quota";
            case "DBInstanceNotFound" ->
                "RDS in " + region + " has no such DB instance; check the instance identifier"
                        + " and the region (an Aurora database is a DB cluster)";
            case "DBClusterNotFoundFault" ->
                "RDS in " + region + " has no such DB cluster; check the cluster identifier"
                        + " and the region (a database that is not Aurora or Multi-AZ DB cluster is a DB instance)";
            case "DBSnapshotNotFound", "DBClusterSnapshotNotFoundFault" ->
                "RDS in " + region + " has no such snapshot;" + " check the snapshot identifier and the region";
            case "InvalidDBInstanceState", "InvalidDBClusterStateFault" ->
                "the database is not in a state that allows"
                        + " this (stopped, being modified, or already busy with a snapshot); run again once it is available";
            case "InvalidDBSnapshotState", "InvalidDBClusterSnapshotStateFault" ->
                "the snapshot is not available (still"
                        + " being created or copied, or being deleted); run again once it is available";
            default -> null;
        };
        if (fix != null) {
            return new BackupException(Kind.CLOUD_FAILED, label + ": " + fix + context, e);
        }
        if (code.equals("KMSKeyNotAccessibleFault")) {
            return denied(
                    label + ": the KMS key cannot be used; check that the key exists in " + region + " and is"
                            + " enabled, and allow kms:DescribeKey and kms:CreateGrant on it to the operator's identity"
                            + context,
                    e);
        }
        String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return new BackupException(
                Kind.CLOUD_FAILED,
                label + ": RDS refused the request" + (detail == null || detail.isBlank() ? "" : ": " + detail)
                        + context,
                e);
    }

    private static BackupException denied(String message, Exception cause) {
        return new BackupException(Kind.CLOUD_DENIED, message, cause);
    }
}
