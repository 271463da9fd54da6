package dev.accountbackup.engine.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The AWS SDK credentials provider for credentials given to the operator, shared by every AWS client it builds. */
public final class AwsCredentialProviders {

    private AwsCredentialProviders() {}

    /**
     * @param credentials {@code null} for the default chain (environment, profile, web identity / IRSA, container or
     *                    instance role); the caller closes the provider returned for it when done, as it may hold a
     *                    refresh thread
     */
    public static AwsCredentialsProvider of(AwsCredentials credentials) {
        if (credentials == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(
                credentials.sessionToken() == null
                        ? AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())
                        : AwsSessionCredentials.create(
                                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
    }
}
