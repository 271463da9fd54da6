package dev.accountbackup.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemStoreTest {

    @TempDir
    Path tempDir;

    @Test
    void objectsAppearOnlyWhenClosedAndRoundTrip() throws IOException {
        FilesystemStore store = new FilesystemStore(tempDir.resolve("backups"));
        byte[] data = S3StoreTest.randomBytes(300_000, 11);
        StoreOutput out = store.create("ns/b1/000-public.users.jsonl.zst");
        out.write(data, 0, 100_000);
        out.write(data[100_000]);
        out.write(data, 100_001, data.length - 100_001);

        assertFalse(store.exists("ns/b1/000-public.users.jsonl.zst"));
        assertEquals(List.of(), store.list(""), "the temporary file is not an object");
        out.close();

        assertArrayEquals(data, S3StoreTest.read(store, "ns/b1/000-public.users.jsonl.zst"));
        assertEquals(List.of(new StoredObject("ns/b1/000-public.users.jsonl.zst", data.length)), store.list("ns/"));
        assertEquals(List.of(tempDir.resolve("backups/ns/b1/000-public.users.jsonl.zst")), filesUnder(tempDir));
    }

    @Test
    void abortLeavesNothingBehind() throws IOException {
        FilesystemStore store = new FilesystemStore(tempDir);
        StoreOutput out = store.create("ns/b1/x.bin");
        out.write(new byte[1000]);
        out.abort();
        out.close(); // no effect after abort

        assertFalse(store.exists("ns/b1/x.bin"));
        assertEquals(List.of(), filesUnder(tempDir));
    }

    @Test
    void missingKeysAndDeletion() throws IOException {
        FilesystemStore store = new FilesystemStore(tempDir.resolve("root"));
        assertEquals(List.of(), store.list(""), "a root not created yet is an empty store");
        assertThrows(NoSuchFileException.class, () -> store.open("ns/b1/manifest.json"));
        store.delete("ns/b1/manifest.json");

        S3StoreTest.write(store, "ns/b1/manifest.json", "{}".getBytes(), 2);
        S3StoreTest.write(store, "ns/b2/manifest.json", "{}".getBytes(), 2);
        store.delete("ns/b1/manifest.json");
        assertFalse(store.exists("ns/b1/manifest.json"));
        assertFalse(Files.exists(tempDir.resolve("root/ns/b1")), "empty backup folders are removed");
        assertTrue(Files.isDirectory(tempDir.resolve("root/ns")), "folders still holding backups stay");
        assertThrows(BackupException.class, () -> store.create("../outside"));
        assertEquals(tempDir.resolve("root/ns/b2/manifest.json").toUri().toString(), store.uri("ns/b2/manifest.json"));
    }

    @Test
    void storageBelowARegularFileIsDeniedWithAClearMessage() throws IOException {
        // tests run as root, so permission bits would not stop a write: a file in the path does
        Path file = Files.writeString(tempDir.resolve("not-a-dir"), "x");
        FilesystemStore store = new FilesystemStore(file.resolve("sub"));

        StorageAccessDeniedException write =
                assertThrows(StorageAccessDeniedException.class, () -> store.create("ns/b1/f"));
        assertTrue(
                write.getMessage()
                        .startsWith("cannot write to " + file.resolve("sub/ns/b1")
                                + " (a part of the path is a file, not a directory)"),
                write.getMessage());
        StorageAccessDeniedException list = assertThrows(StorageAccessDeniedException.class, () -> store.list(""));
        assertEquals(
                "cannot use " + file.resolve("sub") + " for backups: " + file
                        + " is a file, not a directory; point the storage at a directory",
                list.getMessage());
        assertThrows(StorageAccessDeniedException.class, () -> store.open("ns/b1/f"));

        BackupLocation location = new BackupLocation(store, "ns");
        BackupException e = assertThrows(
                BackupException.class,
                () -> location.writeManifest(new Manifest(
                        1, "b1", Instant.EPOCH, Instant.EPOCH, null, Compression.ZSTD, Map.of(), List.of())));
        assertEquals(BackupException.Kind.STORAGE_DENIED, e.kind());
        assertFalse(e.retryable());
        assertTrue(
                e.getMessage().startsWith("writing " + store.uri("ns/b1/manifest.json") + " failed: cannot write to"),
                e.getMessage());
    }

    @Test
    void rootThatIsAFileIsDenied() throws IOException {
        Path file = Files.writeString(tempDir.resolve("file"), "x");
        FilesystemStore store = new FilesystemStore(file);
        assertThrows(StorageAccessDeniedException.class, () -> store.create("ns/b1/f"));
        assertThrows(StorageAccessDeniedException.class, () -> store.list("ns/"));
    }

    /** What a killed process leaves: the temporary file of a write that was never closed nor aborted. */
    @Test
    void discardUnfinishedRemovesTheTemporaryFilesOfKilledWritesBelowThePrefixOnly() throws IOException {
        FilesystemStore store = new FilesystemStore(tempDir);
        S3StoreTest.write(store, "ns/set/b1/000-public.users.jsonl.zst", new byte[10], 10);
        List<StoreOutput> killed = List.of(
                store.create("ns/set/b1/001-public.user_profiles.jsonl.zst"),
                store.create("ns/set/b10/000-public.users.jsonl.zst"),
                store.create("ns/set/b2/000-public.users.jsonl.zst"));
        for (StoreOutput out : killed) {
            out.write(new byte[100]);
            out.flush();
        }
        assertEquals(4, filesUnder(tempDir).size());

        assertEquals(1, store.discardUnfinished("ns/set/b1/"));
        assertEquals(List.of(new StoredObject("ns/set/b1/000-public.users.jsonl.zst", 10)), store.list("ns/set/b1/"));
        assertEquals(3, filesUnder(tempDir).size(), "b10 is another folder, though its name starts with b1");

        assertEquals(2, store.discardUnfinished("ns/set/"));
        assertEquals(List.of(tempDir.resolve("ns/set/b1/000-public.users.jsonl.zst")), filesUnder(tempDir));
        assertFalse(Files.exists(tempDir.resolve("ns/set/b2")), "a folder left empty is removed");
        assertEquals(0, store.discardUnfinished("ns/other/"));
        killed.forEach(StoreOutput::abort);
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
