package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreSourceSpec;
import dev.accountbackup.api.RestoreTargetSpec;
import dev.accountbackup.api.RestoredTable;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.AccountsScope;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.AccountGraphSchema;
import dev.accountbackup.testing.TestPostgres;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An AccountRestore with spec.accounts: one account back, its status counting the accounts found and not found, its
 * safety copy holding that account only.
 */
class AccountsRestoreOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("acrestore").withOperator(MockCluster::settings);

    private DatabaseTarget db;
    private Map<String, Map<String, String>> backedUp;

    @BeforeEach
    void backUp() {
        db = AccountGraphSchema.create();
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "nightly",
                        Specs.database(db, "shop-db"),
                        AccountGraphSchema.TABLES,
                        Specs.filesystem(cluster.root())))
                .create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
        backedUp = AccountGraphSchema.contents(db);
    }

    private static AccountRestore restore(String name, AccountsSpec accounts) {
        AccountRestore restore = Specs.restore(cluster.ns(), name, "nightly");
        restore.getSpec().setAccounts(accounts);
        return restore;
    }

    private static AccountsSpec keys(String... keys) {
        AccountsSpec accounts = new AccountsSpec();
        accounts.setRoot("public.users");
        accounts.setKeys(List.of(keys));
        return accounts;
    }

    private AccountRestoreStatus awaitSucceeded(String name) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), name),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                .getStatus();
    }

    /**
     * A key no account has: long enough that it never turns up by chance in a temporary folder's random name, which
     * events and logs do show.
     */
    private static final String MISSING_KEY = "904718262351";

    @Test
    void oneDeletedAccountComesBackAndTheKeysNotFoundAreListedButNeverInEventsOrLogs() {
        TestPostgres.execute(db, "DELETE FROM users WHERE id IN (2, 4)");
        Map<String, Map<String, String>> afterDelete = AccountGraphSchema.contents(db);

        try (CapturedLogs logs = new CapturedLogs()) {
            cluster.client
                    .resource(restore("bring-back-2", keys("2", MISSING_KEY)))
                    .create();
            AccountRestoreStatus status = awaitSucceeded("bring-back-2");

            assertEquals(
                    AccountGraphSchema.withAccountAsIn(afterDelete, backedUp, "2"), AccountGraphSchema.contents(db));
            assertEquals("public.users", status.getAccounts().getRoot());
            assertEquals("2 keys", status.getAccounts().getSelection());
            assertEquals(1L, status.getAccounts().getFound());
            assertEquals(1L, status.getAccounts().getNotFound());
            assertEquals(List.of(MISSING_KEY), status.getAccounts().getNotFoundKeys());
            assertEquals(
                    List.of(
                            "public.users",
                            "public.user_roles",
                            "public.identities",
                            "public.profiles",
                            "public.sessions"),
                    status.getTables().stream().map(RestoredTable::getName).toList());
            assertEquals(3L, table(status, "public.sessions").getInserted());
            assertTrue(
                    status.getMessage().contains("accounts of public.users: 1 found in the backup, 1 not found"),
                    status.getMessage());
            assertTrue(status.getWarnings().stream().anyMatch(w -> w.contains("public.audit_log was left out")));
            assertFalse(status.getMessage().contains(MISSING_KEY), status.getMessage());
            List<Event> events = cluster.restoreEvents(cluster.ns(), "bring-back-2");
            assertTrue(events.stream().noneMatch(e -> e.getMessage().contains(MISSING_KEY)), events.toString());
            assertEquals(List.of(), List.copyOf(logs.loggersWith(MISSING_KEY)), "an account key reached the logs");
        }
    }

    @Test
    void aDryRunByMatchCountsAndChangesNothing() {
        TestPostgres.execute(db, "UPDATE users SET name = 'changed' WHERE id = 2");
        Map<String, Map<String, String>> changed = AccountGraphSchema.contents(db);
        AccountsSpec byEmail = new AccountsSpec();
        byEmail.setRoot("public.users");
        byEmail.setMatch(Map.of("email", "b@example.org"));
        AccountRestore restore = restore("check-bob", byEmail);
        restore.getSpec().setMode("Upsert");
        restore.getSpec().setDryRun(true);

        cluster.client.resource(restore).create();
        AccountRestoreStatus status = awaitSucceeded("check-bob");

        assertEquals(changed, AccountGraphSchema.contents(db));
        assertEquals(1L, status.getAccounts().getFound());
        assertEquals(0L, status.getAccounts().getNotFound());
        assertEquals(1L, table(status, "public.users").getUpdated());
        assertEquals(2L, table(status, "public.identities").getUnchanged());
    }

    @Test
    void theSafetyCopyHoldsOnlyTheChosenAccountAndRestoringItUndoesOnlyThatAccount() {
        TestPostgres.execute(db, """
                UPDATE users SET name = 'changed' WHERE id = 2;
                INSERT INTO sessions VALUES ('google', 'g2', 3, 'new');
                """);
        Map<String, Map<String, String>> beforeRestore = AccountGraphSchema.contents(db);
        AccountRestore replace = restore("replace-2", keys("2"));
        replace.getSpec().setMode("Replace");

        cluster.client.resource(replace).create();
        AccountRestoreStatus status = awaitSucceeded("replace-2");

        assertEquals(AccountGraphSchema.withAccountAsIn(beforeRestore, backedUp, "2"), AccountGraphSchema.contents(db));
        String path = cluster.ns() + "/_restores/replace-2";
        Manifest copy =
                new BackupLocation(new FilesystemStore(cluster.root()), path).readManifest(status.getSafetyBackupId());
        assertEquals(new AccountsScope("public.users", List.of("2"), null), copy.accounts());
        Map<String, Long> rows = new LinkedHashMap<>();
        copy.tables().forEach(t -> rows.put(t.displayName(), t.rows()));
        // account 2's rows as they were, not the tables: 1 user, 1 profile, 2 identities, 4 sessions, 2 roles
        assertEquals(
                Map.of(
                        "public.users", 1L,
                        "public.profiles", 1L,
                        "public.identities", 2L,
                        "public.sessions", 4L,
                        "public.user_roles", 2L),
                rows);

        // another account changes; then the safety copy is restored whole, with Replace
        TestPostgres.execute(
                db, "UPDATE users SET name = 'later' WHERE id = 3; DELETE FROM user_roles WHERE user_id = 1");
        Map<String, Map<String, String>> later = AccountGraphSchema.contents(db);
        AccountRestore undo = Specs.restore(cluster.ns(), "undo-2", null);
        RestoreSourceSpec source = new RestoreSourceSpec();
        source.setStorage(Specs.filesystem(cluster.root()));
        source.setPath(path);
        undo.getSpec().setSource(source);
        RestoreTargetSpec target = new RestoreTargetSpec();
        target.setDatabase(Specs.database(db, "shop-db"));
        undo.getSpec().setTarget(target);
        undo.getSpec().setBackupId(status.getSafetyBackupId());
        undo.getSpec().setMode("Replace");
        cluster.client.resource(undo).create();
        AccountRestoreStatus undone = awaitSucceeded("undo-2");

        assertEquals(AccountGraphSchema.withAccountAsIn(later, beforeRestore, "2"), AccountGraphSchema.contents(db));
        assertEquals("public.users", undone.getAccounts().getRoot());
        assertEquals(1L, undone.getAccounts().getFound());
    }

    private static RestoredTable table(AccountRestoreStatus status, String name) {
        return status.getTables().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
