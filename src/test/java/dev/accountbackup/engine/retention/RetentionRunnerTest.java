package dev.accountbackup.engine.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.retention.RetentionResult.Failure;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoreKind;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.engine.storage.StoredObject;
import dev.accountbackup.testing.ForwardingStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retention on real stores: a directory and a bucket of the in-process S3 server. */
class RetentionRunnerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String USERS_FILE = "000-public.users.jsonl.zst";
    private static final String IDENTITIES_FILE = "001-public.user_identities.jsonl.zst";

    @TempDir
    Path tempDir;

    private StoreKind kind;
    private BackupStore store;
    private BackupLocation prod;
    private BackupLocation prodEu;

    private void open(StoreKind storeKind) {
        kind = storeKind;
        store = storeKind.open(tempDir);
        // side by side, and one name a prefix of the other: listing "prod" must never see "prod-eu"
        prod = new BackupLocation(store, "accounts/prod");
        prodEu = new BackupLocation(store, "accounts/prod-eu");
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Writes a complete backup started {@code daysAgo} days before NOW: two table files, then the manifest. */
    private static String writeBackup(BackupLocation location, int daysAgo) throws IOException {
        Instant started = NOW.minus(Duration.ofDays(daysAgo)).minus(Duration.ofHours(10));
        String id = BackupIds.fromTime(started);
        writeFiles(location, id);
        location.writeManifest(RetentionPolicyTest.manifest(id, started));
        return id;
    }

    /** What an attempt that failed or is still running leaves: table files without a manifest. */
    private static void writeFiles(BackupLocation location, String id) throws IOException {
        for (String file : List.of(USERS_FILE, IDENTITIES_FILE)) {
            try (StoreOutput out = location.store().create(location.key(id, file))) {
                out.write(("{\"backup\":\"" + id + "\",\"file\":\"" + file + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Every object under a folder of the store, with its content. */
    private Map<String, String> snapshot(String folder) throws IOException {
        Map<String, String> objects = new TreeMap<>();
        for (StoredObject o : store.list(folder + "/")) {
            try (InputStream in = store.open(o.key())) {
                objects.put(o.key(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return objects;
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void deletesExpiredBackupsOfItsOwnSetOnly(StoreKind storeKind) throws IOException {
        open(storeKind);
        List<String> ids = new java.util.ArrayList<>();
        for (int daysAgo : new int[] {0, 1, 2, 4, 6, 8, 10}) {
            ids.add(writeBackup(prod, daysAgo));
            writeBackup(prodEu, daysAgo); // same ids in the sibling set
        }
        Map<String, String> siblingBefore = snapshot("accounts/prod-eu");
        assertEquals(7 * 3, siblingBefore.size());

        RetentionResult result = RetentionRunner.run(prod, RetentionPolicy.parse(2, "3d", null), NOW);

        List<String> expired = ids.subList(3, 7); // 4, 6, 8 and 10 days old
        assertEquals(expired, result.deleted(), "in plan order, newest first");
        assertTrue(result.complete(), result.failures().toString());
        assertEquals(
                ids.subList(0, 3), prod.list().stream().map(Manifest::backupId).toList());
        for (String id : expired) {
            assertFalse(prod.hasFiles(id), id + " fully deleted");
            if (kind == StoreKind.FILESYSTEM) {
                assertFalse(
                        Files.exists(tempDir.resolve("store/accounts/prod/" + id)),
                        "no empty folder left behind for " + id);
            }
        }
        assertEquals(siblingBefore, snapshot("accounts/prod-eu"), "the other set is untouched, byte for byte");
        assertEquals(7, prodEu.list().size());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void incompleteBackupsAreNotTouchedNorCounted(StoreKind storeKind) throws IOException {
        open(storeKind);
        String newest = writeBackup(prod, 1);
        String old = writeBackup(prod, 30);
        String abandoned = BackupIds.fromTime(NOW.minus(Duration.ofDays(60)));
        writeFiles(prod, abandoned);
        String running = BackupIds.fromTime(NOW.minus(Duration.ofMinutes(5)));
        writeFiles(prod, running);

        RetentionResult result = RetentionRunner.run(prod, RetentionPolicy.parse(1, "7d", null), NOW);

        assertEquals(List.of(old), result.deleted());
        assertEquals(
                List.of(newest),
                prod.list().stream().map(Manifest::backupId).toList(),
                "a running backup without manifest does not count as the newest: the newest complete one stays");
        assertEquals(2, prod.files(abandoned).size(), "files without manifest are left alone");
        assertEquals(2, prod.files(running).size());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void oneFailedDeletionIsReportedAndTheOthersContinue(StoreKind storeKind) throws IOException {
        open(storeKind);
        String keep = writeBackup(prod, 0);
        String stuckManifest = writeBackup(prod, 10);
        String stuckFile = writeBackup(prod, 11);
        String fine = writeBackup(prod, 12);
        FailingDeletes flaky = new FailingDeletes(
                store,
                List.of(
                        "accounts/prod/" + stuckManifest + "/" + Manifest.FILE_NAME,
                        "accounts/prod/" + stuckFile + "/" + IDENTITIES_FILE));
        BackupLocation flakyProd = new BackupLocation(flaky, "accounts/prod");

        RetentionResult result = RetentionRunner.run(flakyProd, RetentionPolicy.parse(0, "7d", null), NOW);

        assertEquals(List.of(fine), result.deleted());
        assertEquals(2, result.failures().size());
        Failure retried = result.failures().get(0);
        assertEquals(stuckManifest, retried.backupId());
        assertTrue(retried.retryable());
        assertTrue(retried.message().contains("the next retention pass retries"), retried.message());
        assertTrue(retried.message().contains("disk refused"), retried.message());
        Failure leftover = result.failures().get(1);
        assertEquals(stuckFile, leftover.backupId());
        assertFalse(leftover.retryable());
        assertTrue(
                leftover.message().contains("remove the remaining files under " + prod.uri(stuckFile)),
                leftover.message());

        // the backup whose manifest could not be deleted is still complete; the next pass finishes the job
        assertEquals(
                List.of(keep, stuckManifest),
                prod.list().stream().map(Manifest::backupId).toList());
        RetentionResult next = RetentionRunner.run(prod, RetentionPolicy.parse(0, "7d", null), NOW);
        assertEquals(List.of(stuckManifest), next.deleted());
        assertEquals(List.of(keep), prod.list().stream().map(Manifest::backupId).toList());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aPlanCannotReachOutsideTheSetOrIntoAFolderThatIsNotThatBackup(StoreKind storeKind) throws IOException {
        open(storeKind);
        String newest = writeBackup(prod, 0);
        String sibling = writeBackup(prodEu, 20);
        // a folder copied by hand: its manifest names another backup id
        String copied = "copy-of-backup";
        writeFiles(prod, copied);
        String named = BackupIds.fromTime(NOW.minus(Duration.ofDays(40)));
        try (StoreOutput out = store.create(prod.key(copied, Manifest.FILE_NAME))) {
            out.write(ManifestJson.write(RetentionPolicyTest.manifest(named, NOW.minus(Duration.ofDays(40)))));
        }
        assertEquals(
                List.of(newest),
                prod.list().stream().map(Manifest::backupId).toList(),
                "a copied folder is not listed as a backup");
        Map<String, String> before = snapshot("accounts");

        RetentionPlan hostile = new RetentionPlan(
                List.of(),
                List.of(
                        new RetentionPlan.Entry("../prod-eu/" + sibling, NOW, "test"),
                        new RetentionPlan.Entry("..", NOW, "test"),
                        new RetentionPlan.Entry(named, NOW, "test")));
        RetentionResult result = RetentionRunner.apply(prod, hostile);

        assertEquals(List.of(), result.deleted());
        assertEquals(3, result.failures().size());
        assertTrue(
                result.failures().get(0).message().contains("is not a folder name"),
                result.failures().get(0).message());
        assertTrue(
                result.failures().get(2).message().contains("left alone"),
                result.failures().get(2).message());
        assertEquals(before, snapshot("accounts"), "nothing deleted anywhere");
        assertEquals(newest, prod.list().get(0).backupId());
    }

    /** A real store whose deletions of some keys fail, as a storage outage on one object would. */
    private static final class FailingDeletes extends ForwardingStore {
        private final List<String> failingKeys;

        FailingDeletes(BackupStore delegate, List<String> failingKeys) {
            super(delegate);
            this.failingKeys = failingKeys;
        }

        @Override
        public void delete(String key) throws IOException {
            if (failingKeys.contains(key)) {
                throw new IOException("disk refused to delete " + key);
            }
            delegate.delete(key);
        }
    }
}
