package dev.accountbackup.engine.snapshot;

import dev.accountbackup.engine.storage.AwsCredentialProviders;
import dev.accountbackup.engine.storage.AwsCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** RDS clients, one per region, built lazily and closed together. */
public final class RdsConnection implements AutoCloseable {

    /** Attempts per call, the first included: throttling and 5xx are retried a few times before a step gives up. */
    static final int MAX_ATTEMPTS = 4;

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    private final AwsCredentialsProvider credentials;
    private final URI endpointOverride;
    private final Duration retryDelay;
    private final Map<String, RdsClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param credentials      null = the AWS default credential chain (env, IRSA web identity, instance profile)
     * @param endpointOverride null = the SDK's normal endpoint resolution, which honours the standard settings
     *                         AWS_ENDPOINT_URL_RDS / AWS_ENDPOINT_URL (environment) and aws.endpointUrlRds /
     *                         aws.endpointUrl (system properties)
     */
    public RdsConnection(AwsCredentials credentials, URI endpointOverride) {
        this(credentials, endpointOverride, null);
    }

    /**
     * @param retryDelay base delay of the SDK's exponential backoff between attempts; null = the SDK's standard
     *                   delays (tests against a local server use a few milliseconds)
     */
    public RdsConnection(AwsCredentials credentials, URI endpointOverride, Duration retryDelay) {
        this.credentials = AwsCredentialProviders.of(credentials);
        this.endpointOverride = endpointOverride;
        this.retryDelay = retryDelay;
    }

    public RdsClient client(String region) {
        if (closed) {
            throw new IllegalStateException("this RDS connection is closed");
        }
        return clients.computeIfAbsent(Regions.require(region, "the RDS API"), this::build);
    }

    @Override
    public void close() {
        closed = true;
        clients.values().forEach(RdsClient::close);
        clients.clear();
        // the client leaves a provider it was given open; the default chain may hold a refresh thread
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }

    private RdsClient build(String region) {
        RdsClientBuilder builder = RdsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(retryStrategy())
                        .build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder.build();
    }

    private StandardRetryStrategy retryStrategy() {
        StandardRetryStrategy.Builder retry =
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS);
        if (retryDelay != null) {
            retry.backoffStrategy(BackoffStrategy.exponentialDelay(retryDelay, MAX_BACKOFF))
                    .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(retryDelay, MAX_BACKOFF));
        }
        return retry.build();
    }
}
