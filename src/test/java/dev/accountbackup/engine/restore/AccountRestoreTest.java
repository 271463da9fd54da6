package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.AccountGraphSchema;
import dev.accountbackup.testing.Forger;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoring chosen accounts: exactly their rows at every level of the account graph, in every
 * mode, and never a row of another account.
 */
class AccountRestoreTest {

    private static final String BACKUP = "20261201T000000Z";

    @TempDir
    Path dir;

    private DatabaseTarget db;
    private BackupLocation location;
    private Map<String, Map<String, String>> backedUp;

    @BeforeEach
    void backUp() {
        db = AccountGraphSchema.create();
        location = new BackupLocation(new FilesystemStore(dir), "accounts");
        new Exporter().export(new ExportRequest(db, AccountGraphSchema.TABLES, location, BACKUP, null, Map.of()));
        backedUp = AccountGraphSchema.contents(db);
    }

    private RestoreResult restore(AccountSelection accounts, RestoreMode mode, boolean dryRun) {
        return restore(accounts, mode, dryRun, null);
    }

    private RestoreResult restore(AccountSelection accounts, RestoreMode mode, boolean dryRun, BackupLocation safety) {
        return new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of(), mode)
                        .dryRun(dryRun)
                        .safetyCopyTo(safety)
                        .accounts(accounts)
                        .build());
    }

    private static Map<String, List<Long>> counts(RestoreResult result) {
        Map<String, List<Long>> counts = new LinkedHashMap<>();
        for (TableRestoreResult t : result.tables()) {
            counts.put(t.table(), List.of(t.inserted(), t.updated(), t.deleted(), t.unchanged()));
        }
        return counts;
    }

    @Test
    void aDeletedAccountComesBackWithExactlyItsRowsAtEveryLevel() {
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 2");
        Map<String, Map<String, String>> afterDelete = AccountGraphSchema.contents(db);

        RestoreResult result =
                restore(AccountSelection.keys("public.users", List.of("2")), RestoreMode.INSERT_MISSING, false);

        // account 3 was invited by 2: its reference, cleared by the delete, is another account's row and stays so
        assertEquals(AccountGraphSchema.withAccountAsIn(afterDelete, backedUp, "2"), AccountGraphSchema.contents(db));
        assertEquals(
                "3 (3,c@example.org,Cem,)",
                AccountGraphSchema.contents(db).get("public.users").get("3"));
        assertEquals(
                Map.of(
                        "public.users", List.of(1L, 0L, 0L, 0L),
                        "public.profiles", List.of(1L, 0L, 0L, 0L),
                        "public.identities", List.of(2L, 0L, 0L, 0L),
                        "public.sessions", List.of(3L, 0L, 0L, 0L),
                        "public.user_roles", List.of(2L, 0L, 0L, 0L)),
                counts(result));
        assertEquals(new RestoredAccounts("public.users", "1 key", 1, List.of()), result.accounts());
        assertTrue(
                result.warnings().stream()
                        .anyMatch(w -> w.contains("public.audit_log was left out: it is not part of the accounts")),
                result.warnings().toString());
        assertTrue(
                result.warnings().stream().anyMatch(w -> w.contains("public.roles was left out")),
                result.warnings().toString());

        // a new account gets a key past the restored ones
        TestPostgres.execute(db, "INSERT INTO users (email) VALUES ('new@example.org')");
        assertEquals(6, TestPostgres.number(db, "SELECT id FROM users WHERE email = 'new@example.org'"));
    }

    @Test
    void upsertOfAChangedAccountLeavesEveryOtherAccountAsItIs() {
        TestPostgres.execute(db, """
                UPDATE users SET name = 'changed' WHERE id IN (2, 3);
                UPDATE profiles SET bio = 'changed' WHERE user_id IN (2, 3);
                DELETE FROM sessions WHERE provider = 'google' AND uid = 'g2' AND n = 2;
                UPDATE sessions SET started = 'changed' WHERE n = 1;
                INSERT INTO sessions VALUES ('google', 'g2', 3, 'new');
                """);
        Map<String, Map<String, String>> changed = AccountGraphSchema.contents(db);

        RestoreResult result = restore(AccountSelection.keys("public.users", List.of("2")), RestoreMode.UPSERT, false);

        Map<String, Map<String, String>> expected = AccountGraphSchema.withAccountAsIn(changed, backedUp, "2");
        // Upsert deletes nothing: the session added to account 2 since the backup stays
        expected.get("public.sessions")
                .put("google/g2/3", changed.get("public.sessions").get("google/g2/3"));
        assertEquals(expected, AccountGraphSchema.contents(db));
        assertEquals(List.of(0L, 1L, 0L, 0L), counts(result).get("public.users"));
        assertEquals(List.of(1L, 2L, 0L, 0L), counts(result).get("public.sessions"));
        assertEquals(
                "3 (3,c@example.org,changed,2)",
                AccountGraphSchema.contents(db).get("public.users").get("3"));
    }

    @Test
    void replaceOfOneAccountRemovesOnlyTheRowsAddedToItSinceTheBackup() {
        TestPostgres.execute(db, """
                UPDATE users SET name = 'changed' WHERE id = 2;
                INSERT INTO sessions VALUES ('google', 'g2', 3, 'new'), ('github', 'g2', 2, 'new of 3');
                INSERT INTO user_roles VALUES (2, 12), (3, 12);
                INSERT INTO identities VALUES ('apple', 'a2', 2);
                INSERT INTO sessions VALUES ('apple', 'a2', 1, 'new identity of 2');
                INSERT INTO users (id, email) VALUES (6, 'f@example.org');
                INSERT INTO user_roles VALUES (6, 10);
                """);
        Map<String, Map<String, String>> changed = AccountGraphSchema.contents(db);

        RestoreResult dryRun =
                restore(AccountSelection.keys("public.users", List.of("2", "6")), RestoreMode.REPLACE, true);
        assertEquals(changed, AccountGraphSchema.contents(db), "a dry run changes nothing");
        RestoreResult result =
                restore(AccountSelection.keys("public.users", List.of("2", "6")), RestoreMode.REPLACE, false);

        // account 6 is not in the backup: reported, and left alone
        assertEquals(AccountGraphSchema.withAccountAsIn(changed, backedUp, "2"), AccountGraphSchema.contents(db));
        assertEquals(List.of("6"), result.accounts().notFound());
        assertEquals(1, result.accounts().found());
        assertEquals(counts(dryRun), counts(result));
        assertEquals(
                Map.of(
                        "public.users", List.of(0L, 1L, 0L, 0L),
                        "public.profiles", List.of(0L, 0L, 0L, 1L),
                        "public.identities", List.of(0L, 0L, 1L, 2L),
                        "public.sessions", List.of(0L, 0L, 2L, 3L),
                        "public.user_roles", List.of(0L, 0L, 1L, 2L)),
                counts(result));
    }

    @Test
    void aDryRunCountsWhatInsertMissingWouldAddAndChangesNothing() {
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 2; UPDATE users SET name = 'changed' WHERE id = 3");
        Map<String, Map<String, String>> afterDelete = AccountGraphSchema.contents(db);

        RestoreResult result =
                restore(AccountSelection.keys("public.users", List.of("2", "3")), RestoreMode.INSERT_MISSING, true);

        assertTrue(result.dryRun());
        assertEquals(afterDelete, AccountGraphSchema.contents(db));
        assertEquals(
                Map.of(
                        "public.users", List.of(1L, 0L, 0L, 1L),
                        "public.profiles", List.of(1L, 0L, 0L, 1L),
                        "public.identities", List.of(2L, 0L, 0L, 1L),
                        "public.sessions", List.of(3L, 0L, 0L, 1L),
                        "public.user_roles", List.of(2L, 0L, 0L, 1L)),
                counts(result));
        assertEquals(2, result.accounts().found());
    }

    @Test
    void anUnknownKeyIsReportedAndNothingIsRestoredForIt() {
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 2");
        Map<String, Map<String, String>> afterDelete = AccountGraphSchema.contents(db);

        RestoreResult result =
                restore(AccountSelection.keys("public.users", List.of("4711")), RestoreMode.INSERT_MISSING, false);

        assertEquals(new RestoredAccounts("public.users", "1 key", 0, List.of("4711")), result.accounts());
        assertEquals(afterDelete, AccountGraphSchema.contents(db));
        assertTrue(result.tables().stream().allMatch(t -> t.inserted() == 0));
    }

    @Test
    void anAccountChosenByAMatchOnAColumnOfTheRootTable() {
        TestPostgres.execute(db, "DELETE FROM users WHERE id IN (2, 4)");
        Map<String, Map<String, String>> afterDelete = AccountGraphSchema.contents(db);

        RestoreResult result = restore(
                AccountSelection.match("public.users", "email", "b@example.org"), RestoreMode.INSERT_MISSING, false);

        assertEquals(AccountGraphSchema.withAccountAsIn(afterDelete, backedUp, "2"), AccountGraphSchema.contents(db));
        assertEquals(new RestoredAccounts("public.users", "a match on email", 1, List.of()), result.accounts());
    }

    @Test
    void theSafetyCopyHoldsTheAccountAsItWasAndRestoringItUndoesTheRestore() {
        TestPostgres.execute(db, """
                UPDATE users SET name = 'changed' WHERE id = 2;
                INSERT INTO sessions VALUES ('google', 'g2', 3, 'new');
                """);
        Map<String, Map<String, String>> changed = AccountGraphSchema.contents(db);
        BackupLocation safety = location.sibling("safety");

        RestoreResult result =
                restore(AccountSelection.keys("public.users", List.of("2")), RestoreMode.REPLACE, false, safety);

        assertNotNull(result.safetyBackupId());
        assertNotEquals(changed, AccountGraphSchema.contents(db));
        new Restorer()
                .restore(RestoreRequest.of(safety, result.safetyBackupId(), db, List.of(), RestoreMode.REPLACE)
                        .accounts(AccountSelection.keys("public.users", List.of("2")))
                        .build());
        assertEquals(changed, AccountGraphSchema.contents(db));
    }

    @Test
    void noSafetyCopyWhenOnlyMissingRowsAreAdded() {
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 2");

        RestoreResult result = restore(
                AccountSelection.keys("public.users", List.of("2")),
                RestoreMode.UPSERT,
                false,
                location.sibling("safety"));

        assertNull(result.safetyBackupId());
    }

    @Test
    void aBackupMadeBeforeForeignKeysWereRecordedCannotRestoreAccounts() {
        TestBackups.write(db, location, "20250101T000000Z", AccountGraphSchema.TABLES);

        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(
                                        location, "20250101T000000Z", db, List.of(), RestoreMode.INSERT_MISSING)
                                .accounts(AccountSelection.keys("public.users", List.of("2")))
                                .build()));

        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("did not record foreign keys"), e.getMessage());
    }

    @Test
    void aTableWhoseAccountRowsAreFoundThroughATableLeftOutIsRefused() {
        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(
                                        location,
                                        BACKUP,
                                        db,
                                        List.of("public.users", "public.sessions"),
                                        RestoreMode.INSERT_MISSING)
                                .accounts(AccountSelection.keys("public.users", List.of("2")))
                                .build()));

        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("public.sessions are found through public.identities"), e.getMessage());
    }

    @Test
    void aMatchOnAColumnTheBackupDoesNotHaveIsRefusedWithoutEchoingTheValue() {
        BackupException e = assertThrows(
                BackupException.class,
                () -> restore(
                        AccountSelection.match("public.users", "phone", "+49 555 0100"),
                        RestoreMode.INSERT_MISSING,
                        false));

        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("phone"), e.getMessage());
        assertTrue(!e.getMessage().contains("555"), e.getMessage());
    }

    /**
     * A forged row whose key cannot be read, or a kept row that is not valid JSON past its keys:
     * the restore fails as damaged, naming table and row, never a value, and changes nothing.
     */
    @Test
    void aRowWhoseKeysCannotBeReadFailsTheRestoreNamingItsTableNeverItsValues() throws IOException {
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 2");
        Map<String, Map<String, String>> before = AccountGraphSchema.contents(db);
        List<String> rows = List.of(
                "{\"provider\":\"secret-provider\",\"uid\":\"secret-uid\",\"user_id\":2x}",
                "{\"provider\":\"secret-provider\",\"uid\":\"secret-uid\",\"user_id\":2,\"secret\"}");
        for (String row : rows) {
            String forged = "forged-" + rows.indexOf(row);
            Forger.copyWithExtraRow(location, BACKUP, forged, "identities", row, false);

            BackupException e = assertThrows(
                    BackupException.class,
                    () -> new Restorer()
                            .restore(RestoreRequest.of(location, forged, db, List.of(), RestoreMode.INSERT_MISSING)
                                    .accounts(AccountSelection.keys("public.users", List.of("2")))
                                    .build()));

            assertEquals(BackupException.Kind.CORRUPT, e.kind(), e.getMessage());
            assertTrue(
                    e.getMessage().contains("row 6 of the backup file of table public.identities is not valid JSON"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
            assertEquals(before, AccountGraphSchema.contents(db));
        }
    }
}
