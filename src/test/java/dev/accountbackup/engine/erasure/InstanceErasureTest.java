package dev.accountbackup.engine.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.AccountGraphSchema;
import dev.accountbackup.testing.TestPostgres;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting the ledger's accounts from a database that came back from before their erasure (an
 * instance restored from a snapshot): their whole account graph goes, children first, in one
 * transaction; every other row stays as it was.
 */
class InstanceErasureTest {

    private static final ErasureHasher HASHER = new ErasureHasher(new byte[32], "test");

    private static LedgerState ledger(String root, String... keys) {
        List<String> hashes = java.util.Arrays.stream(keys).map(HASHER::hash).toList();
        return LedgerState.of(List.of(new ErasureEntry(
                ErasureLedger.idOf(root, hashes.stream().sorted().toList(), "DSR-1"),
                root,
                hashes,
                Instant.parse("2026-12-01T10:00:00Z"),
                "DSR-1",
                HASHER.keyCheck())));
    }

    @Test
    void theErasedAccountsWholeGraphGoesAndEveryOtherRowStays() {
        DatabaseTarget db = AccountGraphSchema.create();
        Map<String, Map<String, String>> before = AccountGraphSchema.contents(db);

        InstanceErasureResult result =
                new InstanceErasure(ledger("public.users", "2", "999"), HASHER, AccountGraphSchema.TABLES).apply(db);

        assertEquals(1, result.accountsDeleted(), "account 999 is not in the database");
        Map<String, Long> expectedCounts = new LinkedHashMap<>();
        expectedCounts.put("public.sessions", 3L);
        expectedCounts.put("public.identities", 2L);
        expectedCounts.put("public.user_roles", 2L);
        expectedCounts.put("public.profiles", 1L);
        expectedCounts.put("public.users", 1L);
        assertEquals(expectedCounts, new LinkedHashMap<>(result.rowsDeleted()), "children first");
        assertEquals(9, result.totalRowsDeleted());
        assertEquals(1, result.entries());
        assertTrue(result.ledgerVersion().startsWith("1-"), result.ledgerVersion());

        Map<String, Map<String, String>> expected = withoutAccount(before, "2");
        // the database's own ON DELETE SET NULL: Cem was invited by the erased account
        expected.get("public.users")
                .put("3", before.get("public.users").get("3").replace(",Cem,2)", ",Cem,)"));
        assertEquals(expected, AccountGraphSchema.contents(db));
    }

    @Test
    void aTableOutsideTheScopeThatStillReferencesTheAccountStopsItAndNothingIsDeleted() {
        DatabaseTarget db = AccountGraphSchema.create();
        TestPostgres.execute(db, """
                CREATE TABLE invoices (id int PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));
                INSERT INTO invoices VALUES (1, 2), (2, 4);""");
        Map<String, Map<String, String>> before = AccountGraphSchema.contents(db);

        BackupException e = assertThrows(
                BackupException.class,
                () -> new InstanceErasure(ledger("public.users", "2"), HASHER, AccountGraphSchema.TABLES).apply(db));

        assertEquals(BackupException.Kind.DATA, e.kind());
        assertTrue(
                e.getMessage().contains("invoices_user_id_fkey")
                        && e.getMessage().contains("public.invoices"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was deleted"), e.getMessage());
        assertFalse(e.getMessage().contains("(2)"), "no key value in the message: " + e.getMessage());
        assertEquals(before, AccountGraphSchema.contents(db));
        assertEquals(2, TestPostgres.rowCount(db, "invoices"));
    }

    @Test
    void withoutListedTablesTheGraphIsTheRootTablesSchemaAndOtherRootsAreNotApplied() {
        DatabaseTarget db = AccountGraphSchema.create();
        TestPostgres.execute(db, """
                CREATE SCHEMA billing;
                CREATE TABLE billing.invoices (id int PRIMARY KEY,
                  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE);
                INSERT INTO billing.invoices VALUES (1, 5), (2, 4);""");
        Map<String, Map<String, String>> before = AccountGraphSchema.contents(db);
        LedgerState ledger = LedgerState.of(List.of(
                ledger("public.users", "5").entries().get(0),
                ledger("public.customers", "5").entries().get(0)));

        InstanceErasureResult result = new InstanceErasure(ledger, HASHER, List.of()).apply(db);

        assertEquals(1, result.accountsDeleted());
        assertEquals(List.of("public.customers"), result.rootsNotApplied());
        assertFalse(result.rowsDeleted().containsKey("billing.invoices"), "outside the root's schema");
        assertEquals(1L, result.rowsDeleted().get("public.user_roles"));
        assertEquals(withoutAccount(before, "5"), AccountGraphSchema.contents(db));
        assertEquals(1, TestPostgres.rowCount(db, "billing.invoices"), "its own ON DELETE CASCADE took the row");
    }

    @Test
    void anEmptyLedgerNeverConnects() {
        DatabaseTarget nowhere = new DatabaseTarget("127.0.0.1", 1, "none", "nobody", null, null);
        InstanceErasureResult result = new InstanceErasure(LedgerState.EMPTY, null, List.of()).apply(nowhere);
        assertEquals(0, result.accountsDeleted());
        assertEquals("0", result.ledgerVersion());
    }

    private static Map<String, Map<String, String>> withoutAccount(
            Map<String, Map<String, String>> contents, String account) {
        Map<String, Map<String, String>> kept = new LinkedHashMap<>();
        contents.forEach((table, rows) -> {
            Map<String, String> left = new LinkedHashMap<>();
            rows.forEach((key, row) -> {
                if (!row.startsWith(account + " ")) {
                    left.put(key, row);
                }
            });
            kept.put(table, left);
        });
        return kept;
    }
}
