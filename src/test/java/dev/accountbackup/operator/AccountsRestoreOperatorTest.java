package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoredTable;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.AccountGraphSchema;
import dev.accountbackup.testing.TestPostgres;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An AccountRestore with spec.accounts: one account back, its status counting the accounts found and not found. */
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

    @Test
    void oneDeletedAccountComesBackAndTheKeysNotFoundAreListedButNeverInEventsOrLogs() {
        TestPostgres.execute(db, "DELETE FROM users WHERE id IN (2, 4)");
        Map<String, Map<String, String>> afterDelete = AccountGraphSchema.contents(db);

        try (CapturedLogs logs = new CapturedLogs()) {
            cluster.client.resource(restore("bring-back-2", keys("2", "4711"))).create();
            AccountRestoreStatus status = awaitSucceeded("bring-back-2");

            assertEquals(
                    AccountGraphSchema.withAccountAsIn(afterDelete, backedUp, "2"), AccountGraphSchema.contents(db));
            assertEquals("public.users", status.getAccounts().getRoot());
            assertEquals("2 keys", status.getAccounts().getSelection());
            assertEquals(1L, status.getAccounts().getFound());
            assertEquals(1L, status.getAccounts().getNotFound());
            assertEquals(List.of("4711"), status.getAccounts().getNotFoundKeys());
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
            assertFalse(status.getMessage().contains("4711"), status.getMessage());
            List<Event> events = cluster.restoreEvents(cluster.ns(), "bring-back-2");
            assertTrue(events.stream().noneMatch(e -> e.getMessage().contains("4711")), events.toString());
            assertEquals(List.of(), List.copyOf(logs.loggersWith("4711")), "an account key reached the logs");
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

    private static RestoredTable table(AccountRestoreStatus status, String name) {
        return status.getTables().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
