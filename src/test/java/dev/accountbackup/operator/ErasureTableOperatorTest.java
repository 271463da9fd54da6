package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.LedgerTableSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.LedgerState;
import dev.accountbackup.engine.erasure.RestoreEvidence;
import dev.accountbackup.engine.erasure.RestoreRecords;
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

/**
 * AccountRestore with spec.ledgerTable: the accounts the application recorded as erased in its own table stay out
 * beside the ledger's, a table that cannot be read stops the restore before it writes, and each restore leaves its
 * record beside the namespace's ledger for the evidence report.
 */
class ErasureTableOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final byte[] HASH_KEY = new byte[32];

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("erasure-table");

    private DatabaseTarget db;

    @BeforeEach
    void backUpHundredAccounts() {
        cluster.startOperator(MockCluster.settings(cluster.root()), BackupEngine.standard());
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
        TestPostgres.execute(
                db,
                "CREATE SCHEMA gdpr; CREATE TABLE gdpr.erasures (user_id bigint NOT NULL);"
                        + " INSERT INTO gdpr.erasures VALUES (43); DELETE FROM users WHERE id = 43");
    }

    private ErasureLedger ledger(FilesystemStore store) {
        return new ErasureLedger(store, cluster.ns(), new ManifestSigner(null), Clock.systemUTC());
    }

    private static AccountRestore withTable(AccountRestore restore, String table) {
        LedgerTableSpec spec = new LedgerTableSpec();
        spec.setName(table);
        spec.setKeyColumn("user_id");
        restore.getSpec().setLedgerTable(spec);
        return restore;
    }

    @Test
    void theApplicationsTableAndTheLedgerAreBothWithheldAndTheRestoreIsRecorded() {
        cluster.secret(
                cluster.ns(),
                "account-erasure-key",
                Map.of("hashKey", Base64.getEncoder().encodeToString(HASH_KEY)));
        ErasureHasher hasher = new ErasureHasher(HASH_KEY, "test");
        try (FilesystemStore store = new FilesystemStore(cluster.root())) {
            ledger(store).append("public.users", List.of(hasher.hash("42")), "DSR-42", hasher.keyCheck());
        }
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 42");
        Map<String, String> afterErasures = TestPostgres.contents(db, "users", "id", "t::text");
        Map<String, String> identitiesAfter = TestPostgres.contents(db, "user_identities", "id", "t::text");
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");

        cluster.client
                .resource(withTable(Specs.restore(cluster.ns(), "undo", "nightly"), "gdpr.erasures"))
                .create();
        AccountRestoreStatus status = awaitPhase("undo", Phase.Succeeded).getStatus();

        assertEquals(afterErasures, TestPostgres.contents(db, "users", "id", "t::text"), "42 and 43 stay erased");
        assertEquals(identitiesAfter, TestPostgres.contents(db, "user_identities", "id", "t::text"));
        assertEquals("gdpr.erasures (user_id)", status.getErasures().getLedgerTable());
        assertEquals(1, status.getErasures().getLedgerTableKeys());
        assertEquals(2, status.getErasures().getAccountsWithheld());

        try (FilesystemStore store = new FilesystemStore(cluster.root())) {
            LedgerState state = ledger(store).read();
            List<RestoreRecords.Recorded> records =
                    ledger(store).restoreRecords().read();
            assertEquals(1, records.size());
            assertEquals(
                    "AccountRestore " + cluster.ns() + "/undo",
                    records.get(0).record().origin());
            assertEquals("gdpr.erasures (user_id)", records.get(0).record().ledgerTable());
            RestoreEvidence evidence = new RestoreEvidence(state);
            records.forEach(evidence::add);
            List<RestoreEvidence.Since> since =
                    evidence.of(state.entries().get(0).id()).restoresSince();
            assertEquals(1, since.size());
            assertTrue(since.get(0).applied(), since.get(0).detail());
            assertFalse(since.get(0).flagged(), since.get(0).detail());
        }
    }

    @Test
    void aMissingTableFailsTheRestoreBeforeItWrites() {
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");

        cluster.client
                .resource(withTable(Specs.restore(cluster.ns(), "missing", "nightly"), "gdpr.no_such_table"))
                .create();
        AccountRestoreStatus status = awaitPhase("missing", Phase.Failed).getStatus();

        assertTrue(
                status.getMessage().contains("erasure table gdpr.no_such_table cannot be read: it does not exist"),
                status.getMessage());
        assertEquals(50, TestPostgres.rowCount(db, "users"), "nothing restored");
        assertFalse(status.getMessage().contains("43"), status.getMessage());
    }

    private AccountRestore awaitPhase(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), name),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
    }
}
