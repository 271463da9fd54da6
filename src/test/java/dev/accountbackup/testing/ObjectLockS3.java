package dev.accountbackup.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * An S3 endpoint that enforces Object Lock as AWS does, and records what it receives: a WireMock
 * recording proxy in front of a {@link LockingS3Server} of its own, in this JVM, whose buckets are
 * created with Object Lock enabled, hence versioned. It keeps each object version's retention (from the
 * upload's lock headers, the bucket's default retention, a later PutObjectRetention) and legal hold,
 * reports them on HeadObject, and refuses to delete a locked version by its id with a 403 AccessDenied.
 * What S3 was asked for is in {@link #requests()}.
 */
public final class ObjectLockS3 implements AutoCloseable {

    public static final String MODE = "x-amz-object-lock-mode";
    public static final String RETAIN_UNTIL = "x-amz-object-lock-retain-until-date";

    /**
     * What AWS answers a request it denies, a delete of a version under Object Lock among them: HTTP 403,
     * {@code Content-Type: application/xml}, the body of every REST error (S3 API reference, "Error responses").
     */
    private static final String ACCESS_DENIED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
            + "<RequestId>4442587FB7D0A2F9</RequestId><HostId>stand-in</HostId></Error>";

    private final LockingS3Server server = new LockingS3Server();
    private final WireMockServer recorder;

    public ObjectLockS3() {
        recorder = new WireMockServer(wireMockConfig().dynamicPort().preserveHostHeader(true));
        recorder.start();
        recorder.stubFor(
                any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + server.port())));
    }

    public URI endpoint() {
        return URI.create(recorder.baseUrl());
    }

    /** A client of this endpoint, for what tests set up and look at; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.of(TestS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestS3.ACCESS_KEY, TestS3.SECRET_KEY)))
                .forcePathStyle(true)
                .build();
    }

    /** Creates a bucket with Object Lock enabled (so versioned) and a fresh name, and returns the name. */
    public String newBucket() {
        String name = "bucket-" + Long.toHexString(System.nanoTime());
        try (S3Client client = client()) {
            client.createBucket(b -> b.bucket(name).objectLockEnabledForBucket(true));
        }
        recorder.resetRequests();
        return name;
    }

    /** Sets the bucket's default retention, which S3 puts on every object version written from now on. */
    public void defaultRetention(String bucket, ObjectLockRetentionMode mode, int days) {
        try (S3Client client = client()) {
            client.putObjectLockConfiguration(r -> r.bucket(bucket)
                    .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                            .rule(rule ->
                                    rule.defaultRetention(d -> d.mode(mode).days(days)))));
        }
    }

    /**
     * Sets the retention of the current version of every object below {@code prefix}, as PutObjectRetention
     * does: extending it, or (with the governance bypass a user allowed s3:BypassGovernanceRetention may
     * send) shortening a GOVERNANCE one. {@code until} must be in the future, as S3 requires.
     */
    public void retainUntil(String bucket, String prefix, ObjectLockRetentionMode mode, Instant until) {
        try (S3Client client = client()) {
            for (ObjectVersion v : versions(client, bucket, prefix)) {
                if (Boolean.TRUE.equals(v.isLatest())) {
                    client.putObjectRetention(r -> r.bucket(bucket)
                            .key(v.key())
                            .versionId(v.versionId())
                            .bypassGovernanceRetention(true)
                            .retention(t -> t.mode(mode).retainUntilDate(until)));
                }
            }
        }
    }

    /** Moves S3's clock forward, as if that time had gone by: retention dates it passes no longer lock. */
    public void advanceClock(Duration by) {
        server.advanceClock(by);
    }

    /** Puts a legal hold on the current version of one object. */
    public void legalHold(String bucket, String key) {
        try (S3Client client = client()) {
            client.putObjectLegalHold(
                    r -> r.bucket(bucket).key(key).legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
        }
    }

    /** Every version below {@code prefix}, noncurrent ones included. */
    public List<ObjectVersion> versions(String bucket, String prefix) {
        try (S3Client client = client()) {
            return versions(client, bucket, prefix);
        }
    }

    private static List<ObjectVersion> versions(S3Client client, String bucket, String prefix) {
        return client.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix)).versions().stream()
                .toList();
    }

    /**
     * From now on, answers every delete of an object version whose key contains {@code keyPart} as AWS answers
     * one under a lock that the requester cannot see (HeadObject shows the lock only to identities allowed
     * s3:GetObjectRetention): 403 AccessDenied.
     */
    public void refuseVersionDeletes(String keyPart) {
        recorder.stubFor(delete(urlPathMatching(".*" + Pattern.quote(keyPart) + ".*"))
                .withQueryParam("versionId", matching(".+"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/xml")
                        .withBody(ACCESS_DENIED)));
    }

    /** Undoes {@link #refuseVersionDeletes(String)}: deletes go to the S3 server again. */
    public void stopRefusing() {
        recorder.getStubMappings().stream()
                .filter(m -> m.getPriority() != null && m.getPriority() == 1)
                .toList()
                .forEach(recorder::removeStub);
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
        server.close();
    }
}
