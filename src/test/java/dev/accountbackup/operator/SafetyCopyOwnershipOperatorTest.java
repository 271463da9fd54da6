package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.DeletionPolicy;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreSourceSpec;
import dev.accountbackup.api.RestoreTargetSpec;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.engine.storage.StoredObject;
import dev.accountbackup.testing.TestPostgres;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10, defect 3: a restore's safety copy is never adopted, nor deleted, by an AccountBackup that
 * happens to share the restore's name; deletions remove only what their AccountBackup made.
 */
class SafetyCopyOwnershipOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("safety").withOperator(MockCluster::settings);

    private DatabaseTarget db;
    private Map<String, String> beforeRestore;
    private String safetyId;

    /** AccountRestore "x" upserts last night's backup over changed rows, keeping a safety copy of them. */
    @BeforeEach
    void restoreXTakesASafetyCopy() {
        db = TestPostgres.newAccountsDatabase(10);
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "nightly",
                        Specs.database(db, "shop-db"),
                        List.of("public.users"),
                        Specs.filesystem(cluster.root())))
                .create();
        awaitBackup("nightly", Phase.Succeeded);
        TestPostgres.execute(db, "UPDATE users SET display_name = 'changed after the backup' WHERE id <= 5");
        beforeRestore = users();

        AccountRestore x = Specs.restore(cluster.ns(), "x", "nightly");
        x.getSpec().setMode("Upsert");
        cluster.client.resource(x).create();
        AccountRestore done = awaitRestore("x");
        assertEquals(
                Phase.Succeeded, done.getStatus().getPhase(), done.getStatus().getMessage());
        safetyId = done.getStatus().getSafetyBackupId();
        assertNotNull(safetyId);
        assertTrue(
                done.getStatus().getSafetyLocation().contains("/" + cluster.ns() + "/_restores/x/" + safetyId),
                done.getStatus().getSafetyLocation());
    }

    @Test
    void anAccountBackupNamedLikeTheRestoreNeitherAdoptsNorDeletesItsSafetyCopy() throws Exception {
        AccountBackup x = Specs.backup(
                cluster.ns(),
                "x",
                Specs.database(db, "shop-db"),
                List.of("public.users"),
                Specs.filesystem(cluster.root()));
        x.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
        cluster.client.resource(x).create();
        awaitBackup("x", Phase.Succeeded);
        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("x")
                .delete();
        await().atMost(TIMEOUT).until(() -> cluster.backup(cluster.ns(), "x") == null);

        FilesystemStore store = new FilesystemStore(cluster.root());
        assertEquals(List.of(), store.list(cluster.ns() + "/x/"), "the AccountBackup's own backups are gone");
        assertEquals(
                safetyId,
                new BackupLocation(store, cluster.ns() + "/_restores/x")
                        .readManifest(safetyId)
                        .backupId());
        assertSafetyCopyRestoresTheRowsAsTheyWere("undo-x", cluster.ns() + "/_restores/x");
    }

    /** As an earlier version left them: the safety copies of restore "x2" in {@code <namespace>/x2/}, where AccountBackup "x2" now writes. */
    @Test
    void deletionLeavesBackupsItsAccountBackupDidNotMakeAndSaysSo() throws Exception {
        FilesystemStore store = new FilesystemStore(cluster.root());
        copyFolder(store, cluster.ns() + "/_restores/x/" + safetyId + "/", cluster.ns() + "/x2/" + safetyId + "/");
        // backup ids have whole seconds: the run of x2 must get another id than the planted copy
        await().atMost(TIMEOUT).until(() -> BackupIds.fromTime(Instant.now()).compareTo(safetyId) > 0);
        AccountBackup x2 = Specs.backup(
                cluster.ns(),
                "x2",
                Specs.database(db, "shop-db"),
                List.of("public.users"),
                Specs.filesystem(cluster.root()));
        x2.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
        cluster.client.resource(x2).create();
        String ownId = awaitBackup("x2", Phase.Succeeded).getStatus().getBackupId();
        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("x2")
                .delete();
        await().atMost(TIMEOUT).until(() -> cluster.backup(cluster.ns(), "x2") == null);

        BackupLocation folder = new BackupLocation(store, cluster.ns() + "/x2");
        assertEquals(
                List.of(safetyId),
                folder.list().stream().map(m -> m.backupId()).toList(),
                "only the safety copy is left");
        assertTrue(store.list(cluster.ns() + "/x2/" + ownId + "/").isEmpty());
        assertTrue(
                cluster.events(cluster.ns(), "x2").stream()
                        .anyMatch(e -> e.getReason().equals("BackupsDeleted")
                                && e.getMessage().contains("removed 1 backup")
                                && e.getMessage()
                                        .contains("left 1 not made by this AccountBackup: " + safetyId
                                                + " (a safety copy of AccountRestore " + cluster.ns() + "/x)")),
                cluster.events(cluster.ns(), "x2").toString());
        assertSafetyCopyRestoresTheRowsAsTheyWere("undo-x2", cluster.ns() + "/x2");
    }

    /** Undoing restore "x": its safety copy, restored with Upsert, brings back the rows it had overwritten. */
    private void assertSafetyCopyRestoresTheRowsAsTheyWere(String name, String path) {
        AccountRestore undo = Specs.restore(cluster.ns(), name, null);
        RestoreSourceSpec source = new RestoreSourceSpec();
        source.setStorage(Specs.filesystem(cluster.root()));
        source.setPath(path);
        undo.getSpec().setSource(source);
        RestoreTargetSpec target = new RestoreTargetSpec();
        target.setDatabase(Specs.database(db, "shop-db"));
        undo.getSpec().setTarget(target);
        undo.getSpec().setMode("Upsert");
        undo.getSpec().setBackupId(safetyId);
        cluster.client.resource(undo).create();
        AccountRestore done = awaitRestore(name);
        assertEquals(
                Phase.Succeeded, done.getStatus().getPhase(), done.getStatus().getMessage());
        assertEquals(beforeRestore, users());
    }

    private AccountBackup awaitBackup(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), name),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == phase);
    }

    private AccountRestore awaitRestore(String name) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), name),
                        r -> r.getStatus() != null
                                && r.getStatus().getPhase() != null
                                && r.getStatus().getPhase().isFinal());
    }

    private Map<String, String> users() {
        return TestPostgres.contents(db, "users", "id", "t::text");
    }

    private static void copyFolder(FilesystemStore store, String from, String to) throws Exception {
        for (StoredObject o : store.list(from)) {
            try (InputStream in = store.open(o.key());
                    StoreOutput out = store.create(to + o.key().substring(from.length()))) {
                in.transferTo(out);
            }
        }
    }
}
