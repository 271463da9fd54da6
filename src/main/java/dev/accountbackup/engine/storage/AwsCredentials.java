package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.BackupException;

/**
 * Static AWS credentials, e.g. read from a Kubernetes Secret.
 *
 * @param sessionToken only for temporary credentials; {@code null} otherwise
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public AwsCredentials {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw BackupException.invalid("AWS credentials need both an access key id and a secret access key");
        }
        if (sessionToken != null && sessionToken.isBlank()) {
            sessionToken = null;
        }
    }

    public AwsCredentials(String accessKeyId, String secretAccessKey) {
        this(accessKeyId, secretAccessKey, null);
    }

    /** Shows only the access key id: the secret and the token must never reach a log or an error message. */
    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***"
                + (sessionToken == null ? "" : ", sessionToken=***") + "]";
    }
}
