package dev.accountbackup.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.testing.TestS3;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class S3StoreTest {

    private static final int PART = S3Store.MIN_PART_SIZE;

    private String bucket;
    private S3Client s3;
    private S3Store store;

    @BeforeEach
    void setUp() {
        bucket = TestS3.newBucket();
        s3 = TestS3.client();
        store = new S3Store(settings(bucket, "backups/team-a"), PART, 2);
    }

    @AfterEach
    void tearDown() {
        store.close();
        s3.close();
    }

    static S3Settings settings(String bucket, String prefix) {
        return new S3Settings(
                bucket,
                prefix,
                TestS3.REGION,
                TestS3.endpoint(),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                null);
    }

    @Test
    void smallObjectRoundTripsInOneRequest() throws IOException {
        byte[] data = randomBytes(100_000, 1);
        write(store, "ns/b1/000-public.users.jsonl.zst", data, 4096);

        assertArrayEquals(data, read(store, "ns/b1/000-public.users.jsonl.zst"));
        assertEquals(List.of(new StoredObject("ns/b1/000-public.users.jsonl.zst", data.length)), store.list("ns/"));
        String etag = s3.headObject(r -> r.bucket(bucket).key("backups/team-a/ns/b1/000-public.users.jsonl.zst"))
                .eTag();
        assertFalse(etag.contains("-"), "a small object is one PutObject, not a multipart upload: " + etag);
    }

    @Test
    void emptyObjectRoundTrips() throws IOException {
        write(store, "empty.bin", new byte[0], 1);
        assertArrayEquals(new byte[0], read(store, "empty.bin"));
        assertTrue(store.exists("empty.bin"));
    }

    @Test
    void objectOfExactlyOnePartIsOneRequest() throws IOException {
        byte[] data = randomBytes(PART, 2);
        write(store, "one-part.bin", data, 65_536);
        assertArrayEquals(data, read(store, "one-part.bin"));
        String etag = s3.headObject(r -> r.bucket(bucket).key("backups/team-a/one-part.bin"))
                .eTag();
        assertFalse(etag.contains("-"), etag);
    }

    @Test
    void largeObjectIsUploadedInPartsAndOnlyVisibleAfterClose() throws IOException {
        byte[] data = randomBytes(2 * PART + 12_345, 3);
        StoreOutput out = store.create("ns/b1/big.bin");
        // odd chunk sizes and single bytes cross the part boundaries at every offset
        int pos = 0;
        while (pos < data.length) {
            if (pos % 3 == 0) {
                out.write(data[pos++]);
            } else {
                int n = Math.min(7_919, data.length - pos);
                out.write(data, pos, n);
                pos += n;
            }
        }
        assertFalse(store.exists("ns/b1/big.bin"), "visible before close");
        assertEquals(List.of(), store.list("ns/"));
        assertEquals(1, pendingUploads().size());
        out.close();

        assertArrayEquals(data, read(store, "ns/b1/big.bin"));
        assertEquals(List.of(new StoredObject("ns/b1/big.bin", data.length)), store.list("ns/"));
        assertEquals(List.of(), pendingUploads());
        String etag = s3.headObject(r -> r.bucket(bucket).key("backups/team-a/ns/b1/big.bin"))
                .eTag();
        assertTrue(etag.replace("\"", "").endsWith("-3"), "three parts expected: " + etag);
    }

    @Test
    void abortLeavesNoObjectAndNoPendingUpload() throws IOException {
        StoreOutput big = store.create("big.bin");
        big.write(randomBytes(2 * PART + 1, 4));
        assertEquals(1, pendingUploads().size());
        big.abort();

        StoreOutput small = store.create("small.bin");
        small.write(randomBytes(1000, 5));
        small.abort();

        assertFalse(store.exists("big.bin"));
        assertFalse(store.exists("small.bin"));
        assertEquals(List.of(), store.list(""));
        assertEquals(List.of(), pendingUploads());
        assertThrows(IOException.class, () -> big.write(1), "writing after abort");
        big.close(); // no effect after abort
        assertFalse(store.exists("big.bin"));
    }

    @Test
    void failureDuringWriteLeavesNothing() throws IOException {
        StoreOutput out = store.create("broken.bin");
        out.write(randomBytes(PART + 10, 6));
        // the upload disappears on the server side while the stream is still being written
        MultipartUpload upload = pendingUploads().get(0);
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));

        IOException failure = assertThrows(IOException.class, () -> {
            out.write(randomBytes(2 * PART, 7));
            out.close();
        });
        assertTrue(
                failure.getMessage().contains("s3://" + bucket + "/backups/team-a/broken.bin"), failure.getMessage());
        out.abort(); // what callers do after a failure: harmless
        assertFalse(store.exists("broken.bin"));
        assertEquals(List.of(), pendingUploads());
    }

    @Test
    void interruptedWriterLeavesNothingAndStaysInterrupted() throws IOException {
        StoreOutput out = store.create("interrupted.bin");
        out.write(randomBytes(PART + 1, 12)); // the first part is now on its way
        Thread.currentThread().interrupt();
        try {
            assertThrows(java.io.InterruptedIOException.class, () -> out.write(randomBytes(PART, 13)));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        }
        assertFalse(store.exists("interrupted.bin"));
        assertEquals(List.of(), pendingUploads());
    }

    @Test
    void failureWhileCompletingLeavesNothing() throws IOException {
        StoreOutput out = store.create("late.bin");
        out.write(randomBytes(PART + 10, 8));
        MultipartUpload upload = pendingUploads().get(0);
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));

        assertThrows(IOException.class, out::close);
        assertFalse(store.exists("late.bin"));
        assertEquals(List.of(), pendingUploads());
    }

    @Test
    void listsOnlyTheStorePrefixAcrossPages() throws IOException {
        for (int i = 6; i >= 0; i--) {
            write(store, "a/" + i + ".txt", ("file " + i).getBytes(), 100);
        }
        write(store, "b/x.txt", new byte[3], 100);
        write(store, "ab.txt", new byte[4], 100);
        s3.putObject(
                r -> r.bucket(bucket).key("backups/team-a-other/a/0.txt"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
        s3.putObject(
                r -> r.bucket(bucket).key("backups/team-a/a/"), software.amazon.awssdk.core.sync.RequestBody.empty());

        List<StoredObject> a = store.list("a/");
        assertEquals(
                List.of("a/0.txt", "a/1.txt", "a/2.txt", "a/3.txt", "a/4.txt", "a/5.txt", "a/6.txt"),
                a.stream().map(StoredObject::key).toList());
        assertEquals(6, a.get(0).size());
        assertEquals(
                List.of(
                        "a/0.txt", "a/1.txt", "a/2.txt", "a/3.txt", "a/4.txt", "a/5.txt", "a/6.txt", "ab.txt",
                        "b/x.txt"),
                store.list("").stream().map(StoredObject::key).toList());
        assertEquals(
                List.of("ab.txt"),
                store.list("ab").stream().map(StoredObject::key).toList());
        assertEquals(List.of(), store.list("c/"));

        write(store, "c/ü x+y&z.txt", new byte[5], 5);
        assertEquals(List.of(new StoredObject("c/ü x+y&z.txt", 5)), store.list("c/"));
        assertEquals(5, read(store, "c/ü x+y&z.txt").length);
    }

    @Test
    void existsDeleteAndMissingKeys() throws IOException {
        assertFalse(store.exists("x/y.json"));
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> store.open("x/y.json"));
        assertEquals("s3://" + bucket + "/backups/team-a/x/y.json", missing.getMessage());
        store.delete("x/y.json"); // deleting nothing is fine

        write(store, "x/y.json", "{}".getBytes(), 10);
        assertTrue(store.exists("x/y.json"));
        assertEquals(
                "application/json",
                s3.headObject(r -> r.bucket(bucket).key("backups/team-a/x/y.json"))
                        .contentType());
        store.delete("x/y.json");
        assertFalse(store.exists("x/y.json"));
        assertThrows(IllegalArgumentException.class, () -> store.open("../escape"));
    }

    @Test
    void closingAReadEarlyDoesNotReadTheRest() throws IOException {
        byte[] data = randomBytes(PART * 2, 9);
        write(store, "partial.bin", data, 1 << 16);
        try (InputStream in = store.open("partial.bin")) {
            byte[] head = in.readNBytes(1000);
            assertArrayEquals(java.util.Arrays.copyOf(data, 1000), head);
        }
        assertArrayEquals(data, read(store, "partial.bin"), "the store still works after an early close");
    }

    @Test
    void urisNameBucketAndPrefixWithoutCredentials() {
        assertEquals("s3://" + bucket + "/backups/team-a/ns/b1/manifest.json", store.uri("ns/b1/manifest.json"));
        assertEquals("s3://" + bucket + "/backups/team-a/", store.uri(""));
        try (S3Store atRoot = new S3Store(settings(bucket, ""))) {
            assertEquals("s3://" + bucket + "/k", atRoot.uri("k"));
        }
        String shown = store.settings().toString() + store;
        assertFalse(shown.contains(TestS3.SECRET_KEY), shown);
    }

    @Test
    void missingBucketIsDeniedWithAClearMessage() {
        try (S3Store missing = new S3Store(settings("no-such-bucket-here", "p"), PART, 1000)) {
            for (StorageAction action : List.<StorageAction>of(
                    () -> missing.list(""),
                    () -> missing.exists("k"),
                    () -> missing.open("k").close(),
                    () -> write(missing, "k", new byte[10], 10),
                    () -> missing.delete("k"))) {
                StorageAccessDeniedException e = assertThrows(StorageAccessDeniedException.class, action::run);
                assertEquals(
                        "bucket 'no-such-bucket-here' does not exist (region us-east-1): create it or fix the"
                                + " bucket name (storage.s3.bucket)",
                        e.getMessage());
            }
        }
    }

    @Test
    void wrongSecretIsDeniedWithoutShowingIt() {
        String secret = "wrong-secret-value-123";
        S3Settings wrong = new S3Settings(
                bucket,
                "p",
                TestS3.REGION,
                TestS3.endpoint(),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, secret),
                null);
        try (S3Store denied = new S3Store(wrong)) {
            StorageAccessDeniedException e = assertThrows(StorageAccessDeniedException.class, () -> denied.list(""));
            assertTrue(
                    e.getMessage().contains("secret access key does not belong to the access key id"), e.getMessage());
            assertNoCredentials(e, secret);
            e = assertThrows(StorageAccessDeniedException.class, () -> write(denied, "k", new byte[10], 10));
            assertNoCredentials(e, secret);
        }
    }

    @Test
    void unknownAccessKeyIsDeniedWithoutShowingIt() {
        String key = "AKIAUNKNOWNKEY000000";
        S3Settings wrong = new S3Settings(
                bucket, "p", TestS3.REGION, TestS3.endpoint(), true, new AwsCredentials(key, "whatever-secret"), null);
        try (S3Store denied = new S3Store(wrong)) {
            StorageAccessDeniedException e = assertThrows(StorageAccessDeniedException.class, () -> denied.open("k"));
            assertTrue(
                    e.getMessage().contains("access key id") && e.getMessage().contains("fix the storage credentials"),
                    e.getMessage());
            assertNoCredentials(e, key);
            assertNoCredentials(e, "whatever-secret");
        }
    }

    @Test
    void noCredentialsAnywhereIsDeniedWithWhatToConfigure() {
        for (String variable : List.of(
                "AWS_ACCESS_KEY_ID",
                "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_PROFILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            Assumptions.assumeTrue(System.getenv(variable) == null, variable + " is set in this environment");
        }
        // no profile files, and no instance metadata service: the test must not leave this machine
        Map<String, String> properties = Map.of(
                "aws.disableEc2Metadata", "true",
                "aws.sharedCredentialsFile", "/nonexistent/credentials",
                "aws.configFile", "/nonexistent/config");
        properties.forEach(System::setProperty);
        S3Settings defaultChain = new S3Settings(bucket, "p", TestS3.REGION, TestS3.endpoint(), true, null, null);
        try (S3Store store = new S3Store(defaultChain)) {
            StorageAccessDeniedException e = assertThrows(StorageAccessDeniedException.class, () -> store.list(""));
            assertEquals(
                    "no AWS credentials found for bucket '" + bucket + "': give the operator credentials (a storage"
                            + " credentials Secret, a web identity / IRSA role, or the AWS_ACCESS_KEY_ID and"
                            + " AWS_SECRET_ACCESS_KEY environment variables)",
                    e.getMessage());
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void unreachableServerIsARetryableFailure() {
        S3Settings nowhere = new S3Settings(
                bucket,
                "p",
                TestS3.REGION,
                URI.create("http://127.0.0.1:9"),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                null);
        try (S3Store unreachable = new S3Store(nowhere)) {
            IOException e = assertThrows(IOException.class, () -> unreachable.list(""));
            assertFalse(e instanceof StorageAccessDeniedException, e.toString());
            assertTrue(
                    e.getMessage().startsWith("cannot reach S3 while listing s3://" + bucket + "/p/"), e.getMessage());
        }
    }

    @Test
    void kmsKeyIsRequestedOnEveryObject() throws IOException {
        S3Settings kms = new S3Settings(
                bucket,
                "enc",
                TestS3.REGION,
                TestS3.endpoint(),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                "alias/backups");
        try (S3Store encrypted = new S3Store(kms, PART, 1000)) {
            write(encrypted, "small.bin", new byte[10], 10);
            byte[] big = randomBytes(PART + 1, 10);
            write(encrypted, "big.bin", big, 1 << 16);
            assertArrayEquals(big, read(encrypted, "big.bin"));
            for (String key : List.of("enc/small.bin", "enc/big.bin")) {
                HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
                assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption(), key);
                assertEquals("alias/backups", head.ssekmsKeyId(), key);
            }
        }
    }

    @Test
    void partSizeBelowTheS3MinimumIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new S3Store(settings(bucket, ""), PART - 1, 1000));
    }

    interface StorageAction {
        void run() throws IOException;
    }

    private static void assertNoCredentials(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()) + t;
            assertFalse(text.contains(secret), "credential in message: " + text);
        }
    }

    /** What a killed export leaves: multipart uploads never completed nor aborted, with or without parts. */
    @Test
    void discardUnfinishedAbortsTheUploadsOfKilledWritesBelowThePrefixOnly() throws IOException {
        write(store, "ns/set/b1/000-public.users.jsonl.zst", randomBytes(1000, 20), 1000);
        leaveUploadOpen("backups/team-a/ns/set/b1/001-public.user_profiles.jsonl.zst", true);
        leaveUploadOpen("backups/team-a/ns/set/b1/002-public.user_identities.jsonl.zst", false);
        leaveUploadOpen("backups/team-a/ns/set/b10/000-public.users.jsonl.zst", true);
        leaveUploadOpen("backups/team-b/ns/set/b1/000-public.users.jsonl.zst", true);

        assertEquals(2, store.discardUnfinished("ns/set/b1/"));
        assertEquals(
                List.of(
                        "backups/team-a/ns/set/b10/000-public.users.jsonl.zst",
                        "backups/team-b/ns/set/b1/000-public.users.jsonl.zst"),
                pendingUploads().stream().map(MultipartUpload::key).sorted().toList(),
                "only the uploads below the prefix are aborted");
        assertEquals(List.of(new StoredObject("ns/set/b1/000-public.users.jsonl.zst", 1000)), store.list("ns/set/b1/"));

        assertEquals(1, store.discardUnfinished("ns/"));
        assertEquals(0, store.discardUnfinished("ns/"));
        assertEquals(1, pendingUploads().size(), "another store prefix is not touched");
    }

    private void leaveUploadOpen(String key, boolean withPart) {
        String id = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        if (withPart) {
            s3.uploadPart(
                    r -> r.bucket(bucket).key(key).uploadId(id).partNumber(1),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(randomBytes(PART, 21)));
        }
    }

    private List<MultipartUpload> pendingUploads() {
        return s3.listMultipartUploads(r -> r.bucket(bucket)).uploads();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void write(BackupStore store, String key, byte[] data, int chunk) throws IOException {
        StoreOutput out = store.create(key);
        try {
            for (int pos = 0; pos < data.length; pos += chunk) {
                out.write(data, pos, Math.min(chunk, data.length - pos));
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    static byte[] read(BackupStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }
}
