package dev.accountbackup.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 endpoint that accepts Object Lock and records what it receives. s3proxy 4.1.0 knows no
 * Object Lock (it answers the lock headers with 501 NotImplemented), so a recording proxy strips the
 * lock headers before passing each request on to an s3proxy that checks no signatures (the stripped
 * headers were signed). What S3 would have been asked for is in {@link #requests()}.
 */
public final class ObjectLockS3 implements AutoCloseable {

    public static final String MODE = "x-amz-object-lock-mode";
    public static final String RETAIN_UNTIL = "x-amz-object-lock-retain-until-date";

    private static S3Proxy unsigned;

    private final WireMockServer recorder;

    public ObjectLockS3() {
        recorder = new WireMockServer(wireMockConfig().dynamicPort().preserveHostHeader(true));
        recorder.start();
        recorder.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .proxiedFrom("http://127.0.0.1:" + unsignedPort())
                        .withRemoveRequestHeader(MODE)
                        .withRemoveRequestHeader(RETAIN_UNTIL)));
    }

    public URI endpoint() {
        return URI.create(recorder.baseUrl());
    }

    /** Creates a bucket with a fresh name and returns the name. Any access key is accepted. */
    public String newBucket() {
        String name = "bucket-" + Long.toHexString(System.nanoTime());
        try (S3Client client = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.of(TestS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestS3.ACCESS_KEY, TestS3.SECRET_KEY)))
                .forcePathStyle(true)
                .build()) {
            client.createBucket(b -> b.bucket(name));
        }
        recorder.resetRequests();
        return name;
    }

    /** Forgets the requests received so far: {@link #requests()} then starts from here. */
    public void forgetRequests() {
        recorder.resetRequests();
    }

    /** Every request received, oldest first. */
    public List<LoggedRequest> requests() {
        return recorder.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
    }

    /** The requests that create objects: PutObject and CreateMultipartUpload. */
    public List<LoggedRequest> uploads() {
        return requests().stream()
                .filter(r ->
                        r.getMethod().getName().equals("PUT") && !r.getUrl().contains("partNumber=")
                                || r.getMethod().getName().equals("POST")
                                        && r.getUrl().contains("uploads")
                                        && !r.getUrl().contains("uploadId="))
                .toList();
    }

    /** The UploadPart requests, oldest first. */
    public List<LoggedRequest> parts() {
        return requests().stream()
                .filter(r -> r.getMethod().getName().equals("PUT") && r.getUrl().contains("partNumber="))
                .toList();
    }

    @Override
    public void close() {
        recorder.stop();
    }

    private static synchronized int unsignedPort() {
        if (unsigned == null) {
            try {
                unsigned = S3Proxy.builder()
                        .blobStore(new TransientNio2BlobStore())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.NONE, null, null)
                        .build();
                unsigned.start();
                long deadline = System.currentTimeMillis() + 10_000;
                while (!"STARTED".equals(unsigned.getState()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the in-process S3 server without signatures", e);
            }
        }
        return unsigned.getPort();
    }
}
