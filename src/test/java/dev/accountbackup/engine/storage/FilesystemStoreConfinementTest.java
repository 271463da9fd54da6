package dev.accountbackup.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defence in depth for issue 10, defect 1: whatever key it is given, a file-system store stays below its root. */
class FilesystemStoreConfinementTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    private FilesystemStore store;

    @BeforeEach
    void plantALinkOutOfTheRoot() throws IOException {
        store = new FilesystemStore(root);
        Files.writeString(outside.resolve("secret.txt"), "outside data");
        Files.createDirectories(outside.resolve("victim/b1"));
        Files.writeString(outside.resolve("victim/b1/manifest.json"), "{}");
        Files.createDirectories(root.resolve("ns"));
        Files.createSymbolicLink(root.resolve("ns/linked"), outside);
        Files.createSymbolicLink(root.resolve("ns/file-link.json"), outside.resolve("secret.txt"));
    }

    @Test
    void keysThatClimbOrAreAbsoluteAreRefused() {
        for (String key : List.of("../x", "ns/../../x", "/etc/passwd", "ns/./x", "ns//x", "ns\\..\\x", "ns/x\u0000y")) {
            assertThrows(BackupException.class, () -> store.create(key), key);
            assertThrows(BackupException.class, () -> store.open(key), key);
            assertThrows(BackupException.class, () -> store.delete(key), key);
        }
    }

    @Test
    void writingThroughALinkOutOfTheRootIsRefused() {
        IOException e = assertThrows(StorageAccessDeniedException.class, () -> store.create("ns/linked/b2/000.jsonl"));
        assertTrue(e.getMessage().contains("symbolic link leads out of the storage root"), e.getMessage());
        assertTrue(Files.notExists(outside.resolve("b2")), "written outside the root");
    }

    @Test
    void readingThroughALinkOutOfTheRootIsRefused() {
        assertThrows(StorageAccessDeniedException.class, () -> store.open("ns/linked/secret.txt"));
        assertThrows(StorageAccessDeniedException.class, () -> store.open("ns/file-link.json"));
        assertThrows(StorageAccessDeniedException.class, () -> store.exists("ns/linked/secret.txt"));
    }

    @Test
    void listingNeitherFollowsNorShowsLinks() throws IOException {
        assertEquals(List.of(), store.list("ns/"), "links are not objects, and a linked directory is not walked");
        assertThrows(StorageAccessDeniedException.class, () -> store.list("ns/linked/"));
    }

    @Test
    void deletingThroughALinkOutOfTheRootIsRefused() throws IOException {
        assertThrows(StorageAccessDeniedException.class, () -> store.delete("ns/linked/victim/b1/manifest.json"));
        assertEquals("{}", Files.readString(outside.resolve("victim/b1/manifest.json"), StandardCharsets.UTF_8));
    }

    @Test
    void aDanglingLinkIsRefusedToo() throws IOException {
        Files.createSymbolicLink(root.resolve("ns/dangling"), outside.resolve("not-yet"));
        assertThrows(StorageAccessDeniedException.class, () -> store.create("ns/dangling/b1/manifest.json"));
        assertTrue(Files.notExists(outside.resolve("not-yet")));
    }
}
