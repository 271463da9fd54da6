package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoredTable;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AccountRestore honours the namespace's erasure ledger: erased accounts never come back, and the status says how many were withheld. */
class ErasureOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final byte[] HASH_KEY = new byte[32];

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("erasure");

    private DatabaseTarget db;

    @BeforeEach
    void backUpHundredAccounts() {
        cluster.startOperator(MockCluster.settings(cluster.root()), dev.accountbackup.operator.BackupEngine.standard());
        db = TestPostgres.newAccountsDatabase(100);
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "nightly",
                        Specs.database(db, "shop-db"),
                        SampleAccounts.TABLES,
                        Specs.filesystem(cluster.root())))
                .create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
    }

    /** Records account 42 as erased in the namespace's ledger, as the AccountErasure resource and `erase` do. */
    private void erase42() {
        ErasureHasher hasher = new ErasureHasher(HASH_KEY, "test");
        try (FilesystemStore store = new FilesystemStore(cluster.root())) {
            new ErasureLedger(store, cluster.ns(), new ManifestSigner(null), Clock.systemUTC())
                    .append("public.users", List.of(hasher.hash("42")), "DSR-2026-0042", hasher.keyCheck());
        }
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 42");
    }

    @Test
    void theRestoreBringsBackFortyNineAccountsAndNotTheErasedOne() {
        cluster.secret(
                cluster.ns(),
                "account-erasure-key",
                Map.of("hashKey", Base64.getEncoder().encodeToString(HASH_KEY)));
        erase42();
        Map<String, String> usersAfterErasure = TestPostgres.contents(db, "users", "id", "t::text");
        Map<String, String> identitiesAfterErasure = TestPostgres.contents(db, "user_identities", "id", "t::text");
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");

        cluster.client.resource(Specs.restore(cluster.ns(), "undo", "nightly")).create();
        AccountRestoreStatus status = awaitPhase("undo", Phase.Succeeded).getStatus();

        RestoredTable users = table(status, "public.users");
        assertEquals(49, users.getInserted());
        assertEquals(1L, users.getWithheldByErasures());
        assertEquals(1, status.getErasures().getAccountsWithheld());
        assertTrue(
                status.getErasures().getLedgerVersion().startsWith("1-"),
                status.getErasures().getLedgerVersion());
        assertTrue(status.getMessage().contains("1 erased account(s) withheld"), status.getMessage());
        assertEquals(usersAfterErasure, TestPostgres.contents(db, "users", "id", "t::text"));
        assertEquals(identitiesAfterErasure, TestPostgres.contents(db, "user_identities", "id", "t::text"));
    }

    @Test
    void ignoreErasuresRestoresTheErasedAccountAndSaysSo() {
        erase42();

        AccountRestore restore = Specs.restore(cluster.ns(), "everything", "nightly");
        restore.getSpec().setIgnoreErasures(true);
        cluster.client.resource(restore).create();
        AccountRestoreStatus status = awaitPhase("everything", Phase.Succeeded).getStatus();

        assertEquals(1, table(status, "public.users").getInserted());
        assertEquals(Boolean.TRUE, status.getErasures().getIgnored());
        assertNull(status.getErasures().getLedgerVersion());
        assertTrue(
                status.getWarnings().stream().anyMatch(w -> w.contains("ignoreErasures")),
                status.getWarnings().toString());
        assertEquals(1, TestPostgres.number(db, "SELECT count(*) FROM users WHERE id = 42"));
        assertTrue(status.getMessage().contains("erasures ignored"), status.getMessage());
        assertTrue(
                cluster.client.v1().events().inNamespace(cluster.ns()).list().getItems().stream()
                        .anyMatch(e -> e.getMessage() != null && e.getMessage().contains("erasures ignored")),
                "the event of the restore says so");
    }

    @Test
    void withoutTheHashKeySecretTheRestoreWaitsAndWritesNothing() {
        erase42();
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");

        cluster.client
                .resource(Specs.restore(cluster.ns(), "no-key", "nightly"))
                .create();
        AccountRestore waiting = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "no-key"),
                        r -> r.getStatus() != null
                                && r.getStatus().getMessage() != null
                                && r.getStatus().getMessage().contains("account-erasure-key"));
        assertFalse(waiting.getStatus().getPhase() == Phase.Succeeded);
        assertEquals(50, TestPostgres.rowCount(db, "users"), "nothing restored while the ledger cannot be applied");
    }

    private AccountRestore awaitPhase(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), name),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
    }

    private static RestoredTable table(AccountRestoreStatus status, String name) {
        return status.getTables().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + status.getTables()));
    }
}
