package dev.accountbackup.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.verify.TestBackups;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A planted giant manifest.json is refused as invalid, never read whole, and does not break the listing. */
class ManifestSizeCapTest {

    private static final String GENUINE = "20261126T100000Z";
    private static final String GIANT = "20261127T100000Z";

    @TempDir
    Path tempDir;

    private BackupStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aOneGigabyteManifestOnDiskIsFlaggedNotRead() throws Exception {
        store = StoreKind.FILESYSTEM.open(tempDir);
        BackupLocation location = new BackupLocation(store, "shop/accounts");
        TestBackups.write(
                location, GENUINE, Instant.parse("2026-11-26T10:00:00Z"), Compression.ZSTD, TestBackups.accounts(3));
        Path giant = tempDir.resolve("store/shop/accounts/" + GIANT + "/" + Manifest.FILE_NAME);
        Files.createDirectories(giant.getParent());
        try (RandomAccessFile sparse = new RandomAccessFile(giant.toFile(), "rw")) {
            sparse.setLength(1L << 30);
        }

        assertGiantIsRefused(location);
    }

    @Test
    void anOversizedManifestInS3IsFlaggedNotRead() throws Exception {
        store = StoreKind.S3.open(tempDir);
        BackupLocation location = new BackupLocation(store, "shop/accounts");
        TestBackups.write(
                location, GENUINE, Instant.parse("2026-11-26T10:00:00Z"), Compression.ZSTD, TestBackups.accounts(3));
        byte[] chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        try (OutputStream out = store.create(location.key(GIANT, Manifest.FILE_NAME))) {
            out.write("{\"formatVersion\":1,\"backupId\":\"".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i <= ManifestJson.MAX_BYTES / chunk.length; i++) {
                out.write(chunk);
            }
        }

        assertGiantIsRefused(location);
    }

    private void assertGiantIsRefused(BackupLocation location) {
        String uri = store.uri(location.key(GIANT, Manifest.FILE_NAME));
        BackupException e = assertThrows(BackupException.class, () -> location.readManifest(GIANT));
        assertEquals(Kind.INVALID, e.kind());
        assertFalse(e.retryable(), "retrying cannot make the file smaller");
        assertEquals(
                "manifest " + uri + " is larger than 16 MiB, far more than any backup needs: it is not a manifest this"
                        + " operator wrote; refused",
                e.getMessage());

        assertEquals(
                List.of(GENUINE),
                location.list().stream().map(Manifest::backupId).toList());
        assertEquals(GENUINE, location.resolve("latest").backupId());
        StoredBackup flagged =
                location.catalog().stream().filter(b -> !b.usable()).findFirst().orElseThrow();
        assertEquals(GIANT, flagged.backupId());
        assertTrue(flagged.problem().contains("larger than 16 MiB"), flagged.problem());
    }
}
