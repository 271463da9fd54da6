package dev.accountbackup.engine.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.S3Settings;
import dev.accountbackup.engine.storage.S3Store;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.testing.ForwardingStore;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** An export to S3 that fails part-way leaves neither objects nor unfinished multipart uploads. */
class S3ExportFailureTest {

    @Test
    void aFailureAfterPartsWentUpLeavesNoObjectAndNoOpenUpload() throws Exception {
        DatabaseTarget db = TestPostgres.newDatabase();
        // incompressible rows, so that each table file takes several upload parts
        TestPostgres.execute(
                db,
                "CREATE TABLE first_table AS SELECT i AS id, decode(string_agg(md5(i::text || j::text), ''), 'hex') AS data"
                        + " FROM generate_series(1, 4) i, generate_series(1, 100000) j GROUP BY i;"
                        + " CREATE TABLE second_table AS SELECT * FROM first_table");
        String bucket = TestS3.newBucket();
        try (S3Client s3 = TestS3.client();
                S3Store s3Store = new S3Store(
                        new S3Settings(
                                bucket,
                                "backups",
                                TestS3.REGION,
                                TestS3.endpoint(),
                                true,
                                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                                null),
                        S3Store.MIN_PART_SIZE,
                        1000)) {
            // the second table's writes fail once its first part is on its way
            BackupLocation location = new BackupLocation(
                    new FailingAfter(s3Store, "second_table", S3Store.MIN_PART_SIZE + 1L), "shop/nightly");

            BackupException e = assertThrows(
                    BackupException.class,
                    () -> new Exporter()
                            .export(new ExportRequest(
                                    db,
                                    List.of("first_table", "second_table"),
                                    location,
                                    "20261201T020000Z",
                                    Compression.ZSTD,
                                    Map.of())));

            assertEquals(BackupException.Kind.STORAGE, e.kind(), e.getMessage());
            assertEquals(
                    List.of(),
                    s3.listObjectsV2(r -> r.bucket(bucket)).contents(),
                    "the first table's file is removed too");
            assertEquals(
                    List.of(), s3.listMultipartUploads(r -> r.bucket(bucket)).uploads());
        }
    }

    /** Fails writes to keys containing a name once a number of bytes went through, as a broken connection to S3 would. */
    private static final class FailingAfter extends ForwardingStore {

        private final String name;
        private final long bytes;

        FailingAfter(S3Store store, String name, long bytes) {
            super(store);
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        public StoreOutput create(String key) throws IOException {
            StoreOutput out = delegate.create(key);
            if (!key.contains(name)) {
                return out;
            }
            return new StoreOutput() {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    long room = bytes - written;
                    if (len > room) { // what fits goes through, so the upload has begun when the failure comes
                        out.write(b, off, (int) room);
                        written = bytes;
                        throw new IOException("simulated connection reset");
                    }
                    written += len;
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }

                @Override
                public void abort() {
                    out.abort();
                }
            };
        }
    }
}
