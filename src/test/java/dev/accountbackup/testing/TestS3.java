package dev.accountbackup.testing;

import dev.accountbackup.demo.InProcessS3;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server in this process (s3proxy over an in-memory blob store), shared by the
 * whole test run. Requests are signed and checked like on AWS.
 */
public final class TestS3 {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final String REGION = "us-east-1";

    private static InProcessS3 server;

    private TestS3() {}

    public static synchronized URI endpoint() {
        if (server == null) {
            server = InProcessS3.start(ACCESS_KEY, SECRET_KEY);
        }
        return server.endpoint();
    }

    /** A client for test assertions and set-up (creating buckets, reading objects directly). */
    public static S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .build();
    }

    /** Creates a bucket with a fresh name and returns the name. */
    public static String newBucket() {
        String name = "bucket-" + Long.toHexString(System.nanoTime());
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(name));
        }
        return name;
    }
}
