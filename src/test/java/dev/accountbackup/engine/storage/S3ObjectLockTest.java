package dev.accountbackup.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.accountbackup.testing.ObjectLockS3;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 Object Lock on every object of a backup. The in-process S3 server knows no Object Lock, so the
 * requests go through {@link ObjectLockS3}, which records them: the lock's mode and date on every
 * PutObject and CreateMultipartUpload, and the content checksum S3 demands of locked uploads, with
 * or without the SDK's payload checksums.
 */
class S3ObjectLockTest {

    private static final Instant UNTIL = Instant.parse("2027-01-05T02:00:00Z");

    private ObjectLockS3 s3;
    private String bucket;

    @BeforeEach
    void startTheRecordingS3() {
        s3 = new ObjectLockS3();
        bucket = s3.newBucket();
    }

    @AfterEach
    void stopIt() {
        s3.close();
    }

    /** What the in-process S3 server does with Object Lock: it refuses it, and the error says what the setting needs. */
    @Test
    void aServerWithoutObjectLockRefusesLockedUploads() throws IOException {
        String signedBucket = TestS3.newBucket();
        S3Settings direct = new S3Settings(
                        signedBucket,
                        "backups",
                        TestS3.REGION,
                        TestS3.endpoint(),
                        true,
                        new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                        null,
                        true)
                .withObjectLock(ObjectLockPolicy.parse("mode", "GOVERNANCE", "retainFor", "1d"));
        try (S3Store store = new S3Store(direct, S3Store.MIN_PART_SIZE, 100)) {
            StorageAccessDeniedException e =
                    assertThrows(StorageAccessDeniedException.class, () -> write(store, "b1/x", new byte[10], null));
            assertTrue(
                    e.getMessage().contains("NotImplemented (HTTP 501)")
                            && e.getMessage()
                                    .contains("storage.s3.objectLock needs a bucket"
                                            + " created with Object Lock enabled"),
                    e.getMessage());
            assertTrue(store.list("b1/").isEmpty(), "nothing stored unlocked");
        }
    }

    @Test
    void aSmallObjectIsPutWithTheLockAndAChecksum() throws IOException {
        byte[] data = S3StoreTest.randomBytes(1000, 1);
        try (S3Store store = new S3Store(settings(true), S3Store.MIN_PART_SIZE, 100)) {
            write(store, "b1/manifest.json", data, new ObjectLock(Mode.COMPLIANCE, UNTIL));
            assertArrayEquals(data, S3StoreTest.read(store, "b1/manifest.json"));
        }
        LoggedRequest put = only(s3.uploads());
        assertEquals("PUT", put.getMethod().getName());
        assertLocked(put, "COMPLIANCE", UNTIL);
        assertTrue(
                put.containsHeader("x-amz-checksum-crc32") || put.containsHeader("x-amz-trailer"),
                "a CRC32 checksum is sent");
    }

    @Test
    void aLargeObjectStartsItsMultipartUploadWithTheLockAndEveryPartCarriesAChecksum() throws IOException {
        byte[] data = S3StoreTest.randomBytes(2 * S3Store.MIN_PART_SIZE + 123, 2);
        try (S3Store store = new S3Store(settings(true), S3Store.MIN_PART_SIZE, 100)) {
            write(store, "b1/000-public.users.jsonl.zst", data, new ObjectLock(Mode.GOVERNANCE, UNTIL));
            assertArrayEquals(data, S3StoreTest.read(store, "b1/000-public.users.jsonl.zst"));
        }
        LoggedRequest create = only(s3.uploads());
        assertEquals("POST", create.getMethod().getName());
        assertTrue(create.getUrl().contains("uploads"), create.getUrl());
        assertLocked(create, "GOVERNANCE", UNTIL);
        List<LoggedRequest> parts = s3.parts();
        assertEquals(3, parts.size());
        parts.forEach(p ->
                assertTrue(p.containsHeader("x-amz-checksum-crc32") || p.containsHeader("x-amz-trailer"), p.getUrl()));
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
        LoggedRequest put = s3.requests().stream()
                .filter(r -> r.getMethod().getName().equals("PUT") && r.getUrl().contains("/b1/small"))
                .findFirst()
                .orElseThrow();
        assertLocked(put, "COMPLIANCE", UNTIL);
        assertEquals(md5(small), put.getHeader("Content-MD5"));
        List<LoggedRequest> parts = s3.parts();
        assertEquals(2, parts.size());
        assertEquals(
                md5(Arrays.copyOf(large, S3Store.MIN_PART_SIZE)), parts.get(0).getHeader("Content-MD5"));
        for (LoggedRequest r : s3.requests()) {
            assertNull(r.getHeader("x-amz-checksum-crc32"), "no CRC32 checksum on " + r.getUrl());
            assertNull(r.getHeader("x-amz-trailer"), "no trailing checksum on " + r.getUrl());
        }
    }

    @Test
    void withoutALockNothingIsLocked() throws IOException {
        try (S3Store store = new S3Store(settings(true), S3Store.MIN_PART_SIZE, 100)) {
            write(store, "b1/plain", S3StoreTest.randomBytes(100, 5), null);
        }
        assertNull(only(s3.uploads()).getHeader(ObjectLockS3.MODE));
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
            manifest = new Exporter()
                    .export(new ExportRequest(
                            db, SampleAccounts.TABLES, location, "20261201T020000Z", Compression.ZSTD, Map.of()));
            assertEquals(
                    manifest.objectLock(),
                    location.readManifest("20261201T020000Z").objectLock(),
                    "read back from storage");
        }
        ObjectLock lock = manifest.objectLock();
        assertNotNull(lock);
        assertEquals(Mode.COMPLIANCE, lock.mode());
        assertEquals(
                manifest.startedAt().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS), lock.retainUntil());
        assertTrue(!lock.retainUntil().isBefore(before.plus(Duration.ofDays(30))));
        List<LoggedRequest> uploads = s3.uploads();
        assertEquals(4, uploads.size(), "three tables and the manifest");
        uploads.forEach(u -> assertLocked(u, "COMPLIANCE", lock.retainUntil()));
    }

    @Test
    void fileStorageRefusesALockRatherThanWriteUnlocked(@TempDir Path dir) {
        try (FilesystemStore store = new FilesystemStore(dir)) {
            IOException e =
                    assertThrows(IOException.class, () -> store.create("b1/x", new ObjectLock(Mode.COMPLIANCE, UNTIL)));
            assertTrue(e.getMessage().contains("only S3 storage locks objects"), e.getMessage());
        }
        BackupException cli = assertThrows(
                BackupException.class,
                () -> BackupStores.fromUri("file://" + dir, ObjectLockPolicy.parse("m", "GOVERNANCE", "r", "1d")));
        assertTrue(cli.getMessage().contains("S3 Object Lock needs an s3:// storage location"), cli.getMessage());
    }

    private static void assertLocked(LoggedRequest request, String mode, Instant until) {
        assertEquals(mode, request.getHeader(ObjectLockS3.MODE), request.getMethod() + " " + request.getUrl());
        assertEquals(
                until,
                Instant.parse(request.getHeader(ObjectLockS3.RETAIN_UNTIL)),
                request.getMethod() + " " + request.getUrl());
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
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("MD5").digest(data));
    }

    private S3Settings settings(boolean payloadChecksums) {
        return new S3Settings(
                bucket,
                "backups",
                TestS3.REGION,
                s3.endpoint(),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                null,
                payloadChecksums);
    }
}
