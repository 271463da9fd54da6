package dev.accountbackup.engine.crypto;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns KMS failures, after the SDK's own retries, into {@link BackupException}s: retryable for
 * throttling, KMS-side and network errors, not retryable for what a person must fix (permissions,
 * a disabled or deleted key). Messages name the key and the action, never key material.
 */
final class KmsErrors {

    private KmsErrors() {}

    static BackupException translate(SdkException e, String action, String keyId, String doing) {
        String context = " (" + doing + " with KMS key " + keyId + ")";
        if (!(e instanceof AwsServiceException service)) {
            return new BackupException(
                    Kind.CLOUD_UNAVAILABLE,
                    "cannot reach AWS KMS: " + e.getMessage() + "; the next attempt retries" + context,
                    e);
        }
        String code =
                service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
                        ? ""
                        : service.awsErrorDetails().errorCode();
        String label = code.isEmpty() ? "HTTP " + service.statusCode() : code;
        if (service.isThrottlingException()
                || service.statusCode() >= 500
                || code.equals("KeyUnavailableException")
                || code.equals("DependencyTimeoutException")) {
            return new BackupException(
                    Kind.CLOUD_UNAVAILABLE,
                    label + ": KMS is unavailable or limiting requests; the next attempt retries" + context,
                    e);
        }
        return switch (code) {
            case "AccessDeniedException",
                    "UnrecognizedClientException",
                    "InvalidSignatureException",
                    "ExpiredTokenException" ->
                new BackupException(
                        Kind.CLOUD_DENIED,
                        label + ": AWS denied kms:" + action + " to the operator's identity; allow kms:" + action
                                + " on this key in its IAM policy and in the key policy" + context,
                        e);
            case "NotFoundException", "DisabledException", "KMSInvalidStateException" ->
                new BackupException(
                        Kind.CLOUD_DENIED,
                        label + ": the KMS key cannot be used (deleted, disabled or pending deletion);"
                                + " backups made under it cannot be decrypted while it is" + context,
                        e);
            case "InvalidCiphertextException", "IncorrectKeyException" ->
                new BackupException(
                        Kind.CORRUPT,
                        label + ": KMS does not accept the wrapped data key: the manifest was changed or"
                                + " belongs to another backup" + context,
                        e);
            default -> new BackupException(Kind.CLOUD_FAILED, label + ": KMS refused the request" + context, e);
        };
    }
}
