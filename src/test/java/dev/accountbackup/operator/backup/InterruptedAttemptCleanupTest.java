package dev.accountbackup.operator.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.S3Settings;
import dev.accountbackup.engine.storage.S3Store;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.testing.TestS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The clean-up, at an operator restart, of a backup attempt the operator was killed in: nothing
 * it was writing may stay behind, neither a temporary file nor an open multipart upload.
 */
class InterruptedAttemptCleanupTest {

    private static final String KILLED = "20261201T020000Z";
    private static final String OTHER = "20261130T020000Z";

    @TempDir
    Path root;

    @Test
    void theTemporaryFilesOfAKilledAttemptAreRemovedEvenWhenItStoredNoFileYet() throws Exception {
        FilesystemStore store = new FilesystemStore(root);
        BackupLocation location = new BackupLocation(store, "shop/nightly");
        StoreOutput killed = store.create(location.key(KILLED, "000-public.users.jsonl.zst"));
        killed.write("half a table".getBytes(StandardCharsets.UTF_8));
        killed.flush();
        StoreOutput running = store.create(location.key(OTHER, "000-public.users.jsonl.zst"));
        running.write(1);
        running.flush();

        TableExportTask.discardIncomplete(location, KILLED);

        assertFalse(Files.exists(root.resolve("shop/nightly/" + KILLED)), "the killed attempt's folder is gone");
        assertEquals(
                1, filesUnder(root.resolve("shop/nightly/" + OTHER)).size(), "another backup's folder is not touched");
        running.abort();
    }

    @Test
    void theMultipartUploadsOfAKilledAttemptAreAborted() throws Exception {
        String bucket = TestS3.newBucket();
        try (S3Client s3 = TestS3.client();
                S3Store store = new S3Store(new S3Settings(
                        bucket,
                        "backups",
                        TestS3.REGION,
                        TestS3.endpoint(),
                        true,
                        new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                        null))) {
            BackupLocation location = new BackupLocation(store, "shop/nightly");
            try (StoreOutput done = store.create(location.key(KILLED, "000-public.users.jsonl.zst"))) {
                done.write(new byte[100]);
            }
            leaveUploadOpen(s3, bucket, "backups/" + location.key(KILLED, "001-public.user_profiles.jsonl.zst"));
            leaveUploadOpen(s3, bucket, "backups/" + location.key(OTHER, "000-public.users.jsonl.zst"));

            TableExportTask.discardIncomplete(location, KILLED);

            assertEquals(List.of(), store.list("shop/nightly/" + KILLED + "/"));
            List<String> open = s3.listMultipartUploads(r -> r.bucket(bucket)).uploads().stream()
                    .map(MultipartUpload::key)
                    .toList();
            assertEquals(
                    List.of("backups/" + location.key(OTHER, "000-public.users.jsonl.zst")),
                    open,
                    "the killed attempt's upload is aborted, another backup's is not");
        }
    }

    private static void leaveUploadOpen(S3Client s3, String bucket, String key) {
        String id = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        s3.uploadPart(
                r -> r.bucket(bucket).key(key).uploadId(id).partNumber(1),
                RequestBody.fromBytes(new byte[S3Store.MIN_PART_SIZE]));
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
