package dev.accountbackup.testing;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
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

    private static S3Proxy proxy;

    private TestS3() {}

    public static synchronized URI endpoint() {
        if (proxy == null) {
            try {
                proxy = S3Proxy.builder()
                        .blobStore(new TransientNio2BlobStore())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        .build();
                proxy.start();
                long deadline = System.currentTimeMillis() + 10_000;
                while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the in-process S3 server", e);
            }
        }
        return URI.create("http://127.0.0.1:" + proxy.getPort());
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
