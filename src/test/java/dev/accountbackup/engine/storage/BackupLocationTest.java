package dev.accountbackup.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.SourceInfo;
import dev.accountbackup.testing.ForwardingStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackupLocationTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path tempDir;

    private BackupStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void listsOnlyCompleteBackupsNewestFirst(StoreKind kind) throws IOException {
        store = kind.open(tempDir);
        BackupLocation location = new BackupLocation(store, "/shop/nightly/");
        backup(location, "20261126T100000Z", T0, true);
        backup(location, "20261128T100000Z", T0.plusSeconds(2 * 86_400), true);
        backup(location, "20261127T100000Z", T0.plusSeconds(86_400), true);
        backup(location, "20261129T100000Z", T0.plusSeconds(3 * 86_400), false); // still being written
        // a neighbouring set and a stray file never show up
        backup(new BackupLocation(store, "shop/nightly-2"), "20261130T100000Z", T0.plusSeconds(4 * 86_400), true);
        SomeStore.write(store, "shop/nightly/notes.txt", "x");

        List<Manifest> backups = location.list();

        assertEquals(
                List.of("20261128T100000Z", "20261127T100000Z", "20261126T100000Z"),
                backups.stream().map(Manifest::backupId).toList());
        assertEquals("20261128T100000Z", location.resolve("latest").backupId());
        assertEquals("20261128T100000Z", location.resolve(null).backupId());
        assertTrue(location.hasFiles("20261129T100000Z"), "an incomplete backup still has files");
        assertEquals(
                List.of("shop/nightly/20261129T100000Z/000-public.users.jsonl.zst"),
                location.files("20261129T100000Z").stream()
                        .map(StoredObject::key)
                        .toList());
        BackupException incomplete =
                assertThrows(BackupException.class, () -> location.readManifest("20261129T100000Z"));
        assertEquals(BackupException.Kind.INVALID, incomplete.kind());
        assertTrue(incomplete.getMessage().contains("it does not exist or never completed"), incomplete.getMessage());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void manifestRoundTripsExactly(StoreKind kind) {
        store = kind.open(tempDir);
        BackupLocation location = new BackupLocation(store, "ns/name");
        Manifest written = manifest("20261126T100000Z", T0);
        location.writeManifest(written);
        assertEquals(written, location.readManifest("20261126T100000Z"));
        assertEquals(store.uri("ns/name/20261126T100000Z"), location.uri("20261126T100000Z"));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void deleteRemovesTheManifestFirstThenEveryFile(StoreKind kind) throws IOException {
        store = kind.open(tempDir);
        RecordingStore recording = new RecordingStore(store);
        BackupLocation location = new BackupLocation(recording, "ns/name");
        backup(location, "20261126T100000Z", T0, true);
        backup(location, "20261127T100000Z", T0.plusSeconds(86_400), true);

        location.delete("20261126T100000Z");

        assertEquals("ns/name/20261126T100000Z/manifest.json", recording.deleted.get(0));
        assertEquals(2, recording.deleted.size());
        assertFalse(location.hasFiles("20261126T100000Z"));
        assertEquals(
                List.of("20261127T100000Z"),
                location.list().stream().map(Manifest::backupId).toList());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void emptyLocationHasNoLatestBackup(StoreKind kind) {
        store = kind.open(tempDir);
        BackupLocation location = new BackupLocation(store, "ns/never-ran");
        assertEquals(List.of(), location.list());
        BackupException e = assertThrows(BackupException.class, () -> location.resolve("latest"));
        assertEquals("no complete backup found at " + location.uri(), e.getMessage());
    }

    private static void backup(BackupLocation location, String id, Instant startedAt, boolean complete)
            throws IOException {
        SomeStore.write(location.store(), location.key(id, "000-public.users.jsonl.zst"), "rows");
        if (complete) {
            location.writeManifest(manifest(id, startedAt));
        }
    }

    private static Manifest manifest(String id, Instant startedAt) {
        return new Manifest(
                Manifest.FORMAT_VERSION,
                id,
                startedAt,
                startedAt.plusSeconds(3),
                new SourceInfo("db", 5432, "accounts", "17.6"),
                Compression.ZSTD,
                Map.of("k", "v"),
                List.of());
    }

    /** Small helpers over any store. */
    static final class SomeStore {
        static void write(BackupStore store, String key, String text) throws IOException {
            try (StoreOutput out = store.create(key)) {
                out.write(text.getBytes());
            }
        }
    }

    /** A store that records deletions in order and passes everything on to a real store. */
    private static final class RecordingStore extends ForwardingStore {
        private final List<String> deleted = new ArrayList<>();

        RecordingStore(BackupStore delegate) {
            super(delegate);
        }

        @Override
        public void delete(String key) throws IOException {
            deleted.add(key);
            delegate.delete(key);
        }
    }
}
