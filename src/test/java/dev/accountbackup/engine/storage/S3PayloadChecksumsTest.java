package dev.accountbackup.engine.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.accountbackup.testing.TestS3;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An S3-compatible service that rejects the AWS SDK's payload checksums (as some Ceph, Dell ECS or
 * Backblaze B2 versions do), played by a proxy in front of the in-process S3 server: by default the
 * error says which setting to change; with payloadChecksums off, backups go through, whole and in parts.
 */
class S3PayloadChecksumsTest {

    private static final List<String> CHECKSUM_HEADERS =
            List.of("x-amz-sdk-checksum-algorithm", "x-amz-trailer", "x-amz-checksum-crc32");

    private WireMockServer strictService;
    private String bucket;

    @BeforeEach
    void startTheStrictService() {
        strictService = new WireMockServer(wireMockConfig().dynamicPort().preserveHostHeader(true));
        strictService.start();
        for (String header : CHECKSUM_HEADERS) {
            strictService.stubFor(
                    any(anyUrl())
                            .atPriority(1)
                            .withHeader(header, matching(".*"))
                            .willReturn(
                                    aResponse()
                                            .withStatus(400)
                                            .withHeader("Content-Type", "application/xml")
                                            .withBody(
                                                    "<Error><Code>InvalidArgument</Code><Message>x-amz-sdk-checksum-algorithm specified, but no corresponding"
                                                            + " x-amz-checksum-* or x-amz-trailer headers were found.</Message></Error>")));
        }
        strictService.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse().proxiedFrom(TestS3.endpoint().toString())));
        bucket = TestS3.newBucket();
    }

    @AfterEach
    void stopTheStrictService() {
        strictService.stop();
    }

    @Test
    void aServiceThatRejectsChecksumsGetsAnErrorThatNamesTheSetting() {
        try (S3Store store = new S3Store(settings(true), S3Store.MIN_PART_SIZE, 100)) {
            StorageAccessDeniedException e = assertThrows(
                    StorageAccessDeniedException.class,
                    () -> S3StoreTest.write(store, "b1/users.jsonl.zst", S3StoreTest.randomBytes(1000, 1), 1000));
            assertTrue(
                    e.getMessage().contains("storage.s3.payloadChecksums: false")
                            && e.getMessage().contains("AWS_REQUEST_CHECKSUM_CALCULATION"),
                    e.getMessage());
        }
    }

    @Test
    void withoutPayloadChecksumsBackupsGoThroughWholeAndInParts() throws IOException {
        byte[] small = S3StoreTest.randomBytes(1000, 2);
        byte[] large = S3StoreTest.randomBytes(2 * S3Store.MIN_PART_SIZE + 123, 3);
        try (S3Store store = new S3Store(settings(false), S3Store.MIN_PART_SIZE, 100)) {
            S3StoreTest.write(store, "b1/small.jsonl.zst", small, 1000);
            S3StoreTest.write(store, "b1/large.jsonl.zst", large, 64 * 1024);

            assertArrayEquals(small, S3StoreTest.read(store, "b1/small.jsonl.zst"));
            assertArrayEquals(large, S3StoreTest.read(store, "b1/large.jsonl.zst"));
            assertEquals(
                    List.of("b1/large.jsonl.zst", "b1/small.jsonl.zst"),
                    store.list("b1/").stream().map(StoredObject::key).sorted().toList());
        }
        for (String header : CHECKSUM_HEADERS) {
            assertEquals(
                    List.of(),
                    strictService.findAll(anyRequestedFor(anyUrl()).withHeader(header, matching(".*"))),
                    header + " was sent");
        }
        assertFalse(
                strictService.findAll(anyRequestedFor(anyUrl())).isEmpty(),
                "the requests went through the strict service");
    }

    private S3Settings settings(boolean payloadChecksums) {
        return new S3Settings(
                bucket,
                "backups",
                TestS3.REGION,
                URI.create(strictService.baseUrl()),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                null,
                payloadChecksums);
    }
}
