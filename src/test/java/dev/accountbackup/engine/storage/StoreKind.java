package dev.accountbackup.engine.storage;

import dev.accountbackup.testing.TestS3;
import java.nio.file.Path;

/** The two kinds of store, for tests that must hold on both: a temporary directory, a fresh bucket. */
public enum StoreKind {
    FILESYSTEM,
    S3;

    /** A new, empty store; S3 ones use the smallest part size S3 allows, so multipart paths run on small data. */
    public BackupStore open(Path tempDir) {
        return switch (this) {
            case FILESYSTEM -> new FilesystemStore(tempDir.resolve("store"));
            case S3 ->
                new S3Store(
                        new S3Settings(
                                TestS3.newBucket(),
                                "backups",
                                TestS3.REGION,
                                TestS3.endpoint(),
                                true,
                                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                                null),
                        S3Store.MIN_PART_SIZE,
                        3);
        };
    }
}
