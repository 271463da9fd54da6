package dev.accountbackup.engine.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.manifest.ObjectLock.Mode;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 Object Lock on every object of a backup. The in-process S3 server (s3proxy 4.1.0) knows no
 * Object Lock: it answers the lock headers with 501 NotImplemented (so a server without Object Lock
 * never stores an unlocked backup silently). A recording proxy in front of it therefore shows what S3
 * receives, the lock's mode and date on every PutObject and CreateMultipartUpload and the content
 * checksum S3 demands of locked uploads, and strips the lock headers before passing each request on
 * to an s3proxy that checks no signatures (the stripped headers were signed).
 */
class S3ObjectLockTest {

    private static final Instant UNTIL = Instant.parse("2027-01-05T02:00:00Z");
    private static final String MODE = "x-amz-object-lock-mode";
    private static final String UNTIL_DATE = "x-amz-object-lock-retain-until-date";

    private static S3Proxy unsigned;
    private WireMockServer recorder;
    private String bucket;

    @BeforeAll
    static void startAnS3ServerThatChecksNoSignatures() throws Exception {
        unsigned = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        unsigned.start();
        while (!"STARTED".equals(unsigned.getState())) {
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stopIt() throws Exception {
        unsigned.stop();
    }

    @BeforeEach
    void startTheRecordingProxy() {
        recorder = new WireMockServer(wireMockConfig().dynamicPort().preserveHostHeader(true));
        recorder.start();
        recorder.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + unsigned.getPort())
                .withRemoveRequestHeader(MODE).withRemoveRequestHeader(UNTIL_DATE)));
        bucket = "bucket-" + Long.toHexString(System.nanoTime());
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(recorder.baseUrl())).region(Region.of(TestS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .forcePathStyle(true).build()) {
            client.createBucket(b -> b.bucket(bucket));
        }
        recorder.resetRequests();
    }

    /** What the in-process S3 server does with Object Lock: it refuses it, naming the server's limit. */
    @Test
    void aServerWithoutObjectLockRefusesLockedUploads() {
        String signedBucket = TestS3.newBucket();
        S3Settings direct = new S3Settings(signedBucket, "backups", TestS3.REGION, TestS3.endpoint(), true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY), null, true);
        try (S3Store store = new S3Store(direct, S3Store.MIN_PART_SIZE, 100)) {
            StorageAccessDeniedException e = assertThrows(StorageAccessDeniedException.class,
                    () -> write(store, "b1/x", new byte[10], new ObjectLock(Mode.COMPLIANCE, UNTIL)));
            assertTrue(e.getMessage().contains("does not support"), e.getMessage());
        }
    }

    @AfterEach
    void stopTheRecordingProxy() {
        recorder.stop();
    }

    @Test
    void aSmallObjectIsPutWithTheLockAndAChecksum() throws IOException {
        byte[] data = S3StoreTest.randomBytes(1000, 1);
        try (S3Store store = new S3Store(settings(true), S3Store.MIN_PART_SIZE, 100)) {
            write(store, "b1/manifest.json", data, new ObjectLock(Mode.COMPLIANCE, UNTIL));
            assertArrayEquals(data, S3StoreTest.read(store, "b1/manifest.json"));
        }
        LoggedRequest put = only(uploads());
        assertEquals("PUT", put.getMethod().getName());
        assertLocked(put, "COMPLIANCE", UNTIL);
        assertTrue(put.containsHeader("x-amz-checksum-crc32") || put.containsHeader("x-amz-trailer"), "a CRC32 checksum is sent");
    }

    @Test
    void aLargeObjectStartsItsMultipartUploadWithTheLockAndEveryPartCarriesAChecksum() throws IOException {
        byte[] data = S3StoreTest.randomBytes(2 * S3Store.MIN_PART_SIZE + 123, 2);
        try (S3Store store = new S3Store(settings(true), S3Store.MIN_PART_SIZE, 100)) {
            write(store, "b1/000-public.users.jsonl.zst", data, new ObjectLock(Mode.GOVERNANCE, UNTIL));
            assertArrayEquals(data, S3StoreTest.read(store, "b1/000-public.users.jsonl.zst"));
        }
        LoggedRequest create = only(uploads());
        assertEquals("POST", create.getMethod().getName());
        assertTrue(create.getUrl().contains("uploads"), create.getUrl());
        assertLocked(create, "GOVERNANCE", UNTIL);
        List<LoggedRequest> parts = parts();
        assertEquals(3, parts.size());
        parts.forEach(p -> assertTrue(p.containsHeader("x-amz-checksum-crc32") || p.containsHeader("x-amz-trailer"), p.getUrl()));
    }

    /** Services that reject the SDK's CRC32 checksums still get the Content-MD5 that locked uploads need. */
    @Test
    void withoutPayloadChecksumsLockedUploadsCarryContentMd5() throws Exception {
        byte[] small = S3StoreTest.randomBytes(1000, 3);
        byte[] large = S3StoreTest.randomBytes(S3Store.MIN_PART_SIZE + 77, 4);
        try (S3Store store = new S3Store(settings(false), S3Store.MIN_PART_SIZE, 100)) {
            write(store, "b1/small", small, new ObjectLock(Mode.COMPLIANCE, UNTIL));
            write(store, "b1/large", large, new ObjectLock(Mode.COMPLIANCE, UNTIL));
            assertArrayEquals(large, S3StoreTest.read(store, "b1/large"));
        }
        LoggedRequest put = recorder.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getMethod().getName().equals("PUT") && r.getUrl().contains("/b1/small")).findFirst().orElseThrow();
        assertLocked(put, "COMPLIANCE", UNTIL);
        assertEquals(md5(small), put.getHeader("Content-MD5"));
        List<LoggedRequest> parts = parts();
        assertEquals(2, parts.size());
        assertEquals(md5(Arrays.copyOf(large, S3Store.MIN_PART_SIZE)), parts.get(0).getHeader("Content-MD5"));
        for (LoggedRequest r : recorder.getAllServeEvents().stream().map(e -> e.getRequest()).toList()) {
            assertNull(r.getHeader("x-amz-checksum-crc32"), "no CRC32 checksum on " + r.getUrl());
            assertNull(r.getHeader("x-amz-trailer"), "no trailing checksum on " + r.getUrl());
        }
    }

    @Test
    void withoutALockNothingIsLocked() throws IOException {
        try (S3Store store = new S3Store(settings(true), S3Store.MIN_PART_SIZE, 100)) {
            write(store, "b1/plain", S3StoreTest.randomBytes(100, 5), null);
        }
        assertNull(only(uploads()).getHeader(MODE));
    }

    /** The export locks every object with one date, its start plus retainFor, and the manifest records it. */
    @Test
    void anExportLocksEveryObjectUntilOneDateThatItsManifestRecords() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(30);
        ObjectLockPolicy policy = ObjectLockPolicy.parse("mode", "COMPLIANCE", "retainFor", "30d");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Manifest manifest;
        try (S3Store store = new S3Store(settings(true).withObjectLock(policy), S3Store.MIN_PART_SIZE, 100)) {
            BackupLocation location = new BackupLocation(store, "shop/nightly");
            manifest = new Exporter().export(new ExportRequest(db, SampleAccounts.TABLES, location, "20261201T020000Z",
                    Compression.ZSTD, Map.of()));
            assertEquals(manifest.objectLock(), location.readManifest("20261201T020000Z").objectLock(), "read back from storage");
        }
        ObjectLock lock = manifest.objectLock();
        assertNotNull(lock);
        assertEquals(Mode.COMPLIANCE, lock.mode());
        assertEquals(manifest.startedAt().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS), lock.retainUntil());
        assertTrue(!lock.retainUntil().isBefore(before.plus(Duration.ofDays(30))));
        List<LoggedRequest> uploads = uploads();
        assertEquals(4, uploads.size(), "three tables and the manifest");
        uploads.forEach(u -> assertLocked(u, "COMPLIANCE", lock.retainUntil()));
    }

    @Test
    void fileStorageRefusesALockRatherThanWriteUnlocked(@TempDir Path dir) {
        try (FilesystemStore store = new FilesystemStore(dir)) {
            IOException e = assertThrows(IOException.class, () -> store.create("b1/x", new ObjectLock(Mode.COMPLIANCE, UNTIL)));
            assertTrue(e.getMessage().contains("only S3 storage locks objects"), e.getMessage());
        }
        BackupException cli = assertThrows(BackupException.class, () -> BackupStores.fromUri("file://" + dir,
                ObjectLockPolicy.parse("m", "GOVERNANCE", "r", "1d")));
        assertTrue(cli.getMessage().contains("S3 Object Lock needs an s3:// storage location"), cli.getMessage());
    }

    private static void assertLocked(LoggedRequest request, String mode, Instant until) {
        assertEquals(mode, request.getHeader(MODE), request.getMethod() + " " + request.getUrl());
        assertEquals(until, Instant.parse(request.getHeader(UNTIL_DATE)), request.getMethod() + " " + request.getUrl());
    }

    /** Requests that create objects: PutObject and CreateMultipartUpload. */
    private List<LoggedRequest> uploads() {
        return recorder.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getMethod().getName().equals("PUT") && !r.getUrl().contains("partNumber=")
                        || r.getMethod().getName().equals("POST") && r.getUrl().contains("uploads"))
                .filter(r -> !r.getUrl().contains("uploadId="))
                .toList();
    }

    private List<LoggedRequest> parts() {
        return recorder.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getMethod().getName().equals("PUT") && r.getUrl().contains("partNumber="))
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
    }

    private static LoggedRequest only(List<LoggedRequest> requests) {
        assertEquals(1, requests.size(), requests.toString());
        return requests.get(0);
    }

    private static void write(S3Store store, String key, byte[] data, ObjectLock lock) throws IOException {
        try (StoreOutput out = store.create(key, lock)) {
            out.write(data);
        }
    }

    private static String md5(byte[] data) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    }

    private S3Settings settings(boolean payloadChecksums) {
        return new S3Settings(bucket, "backups", TestS3.REGION, URI.create(recorder.baseUrl()), true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY), null,
                payloadChecksums);
    }
}
