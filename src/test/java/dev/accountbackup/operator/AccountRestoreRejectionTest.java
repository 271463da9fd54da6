package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreSnapshotSpec;
import dev.accountbackup.api.RestoreSourceSpec;
import dev.accountbackup.api.RestoreTargetSpec;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restore specs the operator must refuse before touching any database: Failed at once, with what to fix. */
class AccountRestoreRejectionTest {

    private static final DatabaseTarget DB = new DatabaseTarget("db.example.internal", 5432, "shop", "app", null, null);

    @RegisterExtension
    static final MockCluster cluster =
            MockCluster.perClass("restore-reject").withOperatorForTheClass(MockCluster::settings);

    @Test
    void restoreWithNeitherBackupNameNorSourceFails() {
        assertRejected(r -> r.getSpec().setBackupName(null), "set exactly one of backupName");
    }

    @Test
    void restoreWithBothBackupNameAndSourceFails() {
        assertRejected(r -> r.getSpec().setSource(source()), "set exactly one of backupName");
    }

    @Test
    void restoreFromSourceWithoutTargetFails() {
        assertRejected(
                r -> {
                    r.getSpec().setBackupName(null);
                    r.getSpec().setSource(source());
                },
                "target.database is required when restoring from source");
    }

    @Test
    void aBackoffLimitBeyondTheMaximumFails() {
        assertRejected(
                r -> r.getSpec().setBackoffLimit(Integer.MAX_VALUE),
                "backoffLimit 2147483647 is not between 0 and 100");
    }

    @Test
    void unknownModeFails() {
        assertRejected(r -> r.getSpec().setMode("Merge"), "mode 'Merge' is not one of InsertMissing, Upsert, Replace");
    }

    @Test
    void unknownBackupNameFails() {
        assertRejected(r -> r.getSpec().setBackupName("gone"), "AccountBackup 'gone' not found in namespace '%s'");
    }

    @Test
    void accountsWithBothKeysAndMatchFail() {
        AccountsSpec accounts = accounts("4711");
        accounts.setMatch(Map.of("email", "alice@example.org"));
        assertRejected(r -> r.getSpec().setAccounts(accounts), "accounts: set exactly one of keys and match");
    }

    @Test
    void accountsWithoutRootFail() {
        AccountsSpec accounts = accounts("4711");
        accounts.setRoot(null);
        assertRejected(r -> r.getSpec().setAccounts(accounts), "accounts: root is required, e.g. public.users");
    }

    @Test
    void anAccountKeyWithAControlCharacterOrTooLongFails() {
        assertRejected(
                r -> r.getSpec().setAccounts(accounts("47\u001b[2J11")),
                "accounts: an account key or match value holds a control character");
        assertRejected(r -> r.getSpec().setAccounts(accounts("x".repeat(2000))), "longer than 1024 characters");
    }

    @Test
    void accountsWithASnapshotRestoreFailAndSayWhy() {
        RestoreSnapshotSpec snapshot = new RestoreSnapshotSpec();
        snapshot.setRestoreAs("accounts-db-restored");
        assertRejected(
                r -> {
                    r.getSpec().setAccounts(accounts("4711"));
                    r.getSpec().setSnapshot(snapshot);
                },
                "accounts cannot be used with snapshot: the new instance made from the snapshot already holds every account");
    }

    private static AccountsSpec accounts(String key) {
        AccountsSpec accounts = new AccountsSpec();
        accounts.setRoot("public.users");
        accounts.setKeys(List.of(key));
        return accounts;
    }

    private RestoreSourceSpec source() {
        RestoreSourceSpec source = new RestoreSourceSpec();
        source.setStorage(Specs.filesystem(cluster.root()));
        source.setPath("shop/nightly");
        return source;
    }

    private void createBackup(String ns) {
        cluster.secret(ns, "shop-db", Map.of("username", "app", "password", "pw"));
        AccountBackup backup = Specs.backup(
                ns,
                "nightly",
                Specs.database(DB, "shop-db"),
                List.of("public.users"),
                Specs.filesystem(cluster.root()));
        // invalid on purpose (no tables), so that the backup controller does not try to reach the database
        backup.getSpec().setTables(List.of());
        cluster.client.resource(backup).create();
    }

    private void assertRejected(Consumer<AccountRestore> breakIt, String expectedMessage) {
        String ns = cluster.newNamespace();
        createBackup(ns);
        AccountRestore restore = Specs.restore(ns, "undo", "nightly");
        RestoreTargetSpec target = null;
        restore.getSpec().setTarget(target);
        breakIt.accept(restore);
        cluster.client.resource(restore).create();
        awaitRejected(
                ns, "undo", expectedMessage.contains("%s") ? String.format(expectedMessage, ns) : expectedMessage);
    }

    private void awaitRejected(String ns, String name, String expected) {
        AccountRestore failed = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> cluster.restore(ns, name),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Failed);
        assertTrue(
                failed.getStatus().getMessage().contains(expected),
                failed.getStatus().getMessage());
        assertEquals(0, failed.getStatus().getAttempts());
        assertEquals(
                "InvalidSpec",
                Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                        .getReason());
        List<Event> events = await().until(() -> cluster.restoreEvents(ns, name), e -> !e.isEmpty());
        assertEquals("Warning", events.get(0).getType());
        assertEquals("RestoreFailed", events.get(0).getReason());
        String version = failed.getMetadata().getResourceVersion();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> cluster.restore(ns, name)
                        .getMetadata()
                        .getResourceVersion()
                        .equals(version));
    }
}
