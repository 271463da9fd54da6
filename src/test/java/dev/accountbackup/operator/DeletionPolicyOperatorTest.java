package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.DeletionPolicy;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.operator.backup.DeletionFinalizer;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import dev.accountbackup.testing.ObjectLocks;
import dev.accountbackup.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What deleting an AccountBackup does to its stored backups: Retain keeps them, Delete removes them. */
class DeletionPolicyOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("deletion").withOperator(MockCluster::settings);

    @Test
    void deleteRemovesEveryStoredBackupOfThatAccountBackupOnly() throws Exception {
        FilesystemStore store = new FilesystemStore(cluster.root());
        write(store, cluster.ns() + "/nightly-other/20260101T000000Z/manifest.json", "{}");
        createAndAwaitSuccess(DeletionPolicy.Delete);
        // what an interrupted attempt leaves: files without a manifest
        write(store, cluster.ns() + "/nightly/20260101T000000Z/000-public.users.jsonl.zst", "partial");
        // and what a killed process leaves: temporary files, one in a folder that has nothing else
        List<StoreOutput> killed = List.of(
                store.create(cluster.ns() + "/nightly/20260101T000000Z/001-public.user_profiles.jsonl.zst"),
                store.create(cluster.ns() + "/nightly/20260102T000000Z/000-public.users.jsonl.zst"));
        for (StoreOutput out : killed) {
            out.write(new byte[1000]);
            out.flush();
        }
        assertEquals(1, location(store).list().size());

        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("nightly")
                .delete();
        await().atMost(TIMEOUT).until(() -> cluster.backup(cluster.ns(), "nightly") == null);
        assertTrue(
                store.list(cluster.ns() + "/nightly/").isEmpty(),
                "backups left in storage: " + store.list(cluster.ns() + "/nightly/"));
        assertFalse(
                Files.exists(cluster.root().resolve(cluster.ns() + "/nightly")),
                "temporary files of killed runs are removed too");
        killed.forEach(StoreOutput::abort);
        assertEquals(1, store.list(cluster.ns() + "/nightly-other/").size(), "another set was touched");
        assertTrue(cluster.events(cluster.ns(), "nightly").stream()
                .anyMatch(e ->
                        e.getReason().equals("BackupsDeleted") && e.getMessage().contains("removed 1 backup")));
    }

    /** Backups under S3 Object Lock stay, files and all, and the event says until when; an expired lock protects nothing. */
    @Test
    void deleteLeavesBackupsWhoseObjectLockHasNotExpired() throws Exception {
        FilesystemStore store = new FilesystemStore(cluster.root());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        BackupLocation location = location(store);
        Instant lockEnds = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        for (String id : List.of("20260101T000000Z", "20260102T000000Z")) {
            new Exporter()
                    .export(new ExportRequest(
                            db,
                            List.of("public.users"),
                            location,
                            id,
                            Compression.ZSTD,
                            SnapshotTags.manifestLabels(cluster.ns(), "nightly", "uid-of-an-earlier-resource")));
        }
        ObjectLocks.recordLock(location, "20260101T000000Z", new ObjectLock(ObjectLock.Mode.COMPLIANCE, lockEnds));
        ObjectLocks.recordLock(
                location,
                "20260102T000000Z",
                new ObjectLock(ObjectLock.Mode.GOVERNANCE, Instant.now().minusSeconds(60)));
        createAndAwaitSuccess(DeletionPolicy.Delete);

        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("nightly")
                .delete();
        await().atMost(TIMEOUT).until(() -> cluster.backup(cluster.ns(), "nightly") == null);
        assertEquals(
                List.of("20260101T000000Z"),
                location.list().stream().map(Manifest::backupId).toList());
        assertEquals(
                2,
                store.list(cluster.ns() + "/nightly/").size(),
                "the locked backup keeps its table file and manifest");
        String expected = "removed 2 backups of " + cluster.ns()
                + "/nightly from storage; kept 1 backup under S3 Object Lock, remove it once"
                + " unlocked: 20260101T000000Z locked until " + lockEnds + " (COMPLIANCE)";
        assertTrue(
                cluster.events(cluster.ns(), "nightly").stream()
                        .anyMatch(e -> e.getReason().equals("BackupsDeleted")
                                && e.getMessage().contains(expected)),
                cluster.events(cluster.ns(), "nightly").stream()
                        .map(e -> e.getMessage())
                        .toList()
                        .toString());
    }

    @Test
    void onlyDeleteCarriesAFinalizerAndItFollowsThePolicy() throws Exception {
        createAndAwaitSuccess(DeletionPolicy.Delete);
        assertTrue(cluster.backup(cluster.ns(), "nightly").hasFinalizer(DeletionFinalizer.NAME));

        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("nightly")
                .edit(b -> {
                    b.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
                    return b;
                });
        await().atMost(TIMEOUT)
                .until(() -> cluster.backup(cluster.ns(), "nightly")
                        .getMetadata()
                        .getFinalizers()
                        .isEmpty());

        // deleted while no operator runs: nothing holds it (nor its namespace)
        cluster.stopOperator();
        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("nightly")
                .delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.backup(cluster.ns(), "nightly") == null);
        cluster.startOperator(MockCluster.settings(cluster.root()));
    }

    @Test
    void aRetainedBackupFinalizedByAnEarlierVersionIsLetGo() throws Exception {
        createAndAwaitSuccess(null);
        // as an earlier version left it, which put its finalizer on every AccountBackup; then the upgrade starts
        cluster.stopOperator();
        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("nightly")
                .edit(b -> {
                    b.getMetadata().getFinalizers().add(DeletionFinalizer.NAME);
                    return b;
                });
        cluster.startOperator(MockCluster.settings(cluster.root()));
        await().atMost(TIMEOUT)
                .until(() -> cluster.backup(cluster.ns(), "nightly")
                        .getMetadata()
                        .getFinalizers()
                        .isEmpty());
    }

    @Test
    void retainKeepsTheBackupsAndLetsTheResourceGoAtOnce() throws Exception {
        createAndAwaitSuccess(null);
        assertTrue(
                cluster.backup(cluster.ns(), "nightly")
                        .getMetadata()
                        .getFinalizers()
                        .isEmpty(),
                "a retained backup needs no finalizer");
        FilesystemStore store = new FilesystemStore(cluster.root());
        List<Manifest> before = location(store).list();
        assertEquals(1, before.size());

        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("nightly")
                .delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.backup(cluster.ns(), "nightly") == null);
        assertEquals(
                before.stream().map(Manifest::backupId).toList(),
                location(store).list().stream().map(Manifest::backupId).toList());
    }

    private void createAndAwaitSuccess(DeletionPolicy policy) {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        AccountBackup backup = Specs.backup(
                cluster.ns(),
                "nightly",
                Specs.database(db, "shop-db"),
                List.of("public.users"),
                Specs.filesystem(cluster.root()));
        backup.getSpec().setDeletionPolicy(policy);
        cluster.client.resource(backup).create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
    }

    private BackupLocation location(FilesystemStore store) {
        return new BackupLocation(store, cluster.ns() + "/nightly");
    }

    private static void write(FilesystemStore store, String key, String content) throws Exception {
        try (StoreOutput out = store.create(key)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
