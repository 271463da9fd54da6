package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.AccountsScope;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.AccountGraphSchema;
import dev.accountbackup.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety copy of a restore of chosen accounts holds those accounts' rows only, says so in its
 * manifest, and a restore from it (even of whole tables, even with Replace) puts back exactly
 * those accounts, leaving every other account as it is by then.
 */
class AccountSafetyCopyTest {

    private static final String BACKUP = "20261201T000000Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Account 4711 with rows at every level; it was invited by account 2. */
    private static final String ACCOUNT_4711 = """
            INSERT INTO users VALUES (4711, 'x@example.org', 'Xia', 2);
            INSERT INTO profiles VALUES (4711, 'x');
            INSERT INTO identities VALUES ('google', 'x1', 4711), ('github', 'x2', 4711);
            INSERT INTO sessions VALUES ('google', 'x1', 1, 'mon'), ('google', 'x1', 2, 'tue'), ('github', 'x2', 1, 'wed');
            INSERT INTO user_roles VALUES (4711, 10), (4711, 11);
            """;

    @TempDir
    Path dir;

    private DatabaseTarget db;
    private BackupLocation location;
    private BackupLocation safety;

    @BeforeEach
    void backUp() {
        db = AccountGraphSchema.create();
        TestPostgres.execute(db, ACCOUNT_4711);
        location = new BackupLocation(new FilesystemStore(dir), "accounts");
        safety = location.sibling("safety");
        new Exporter().export(new ExportRequest(db, AccountGraphSchema.TABLES, location, BACKUP, null, Map.of()));
    }

    private RestoreResult restore(
            BackupLocation from, String backupId, AccountSelection accounts, BackupLocation copy) {
        return new Restorer()
                .restore(RestoreRequest.of(from, backupId, db, List.of(), RestoreMode.REPLACE)
                        .safetyCopyTo(copy)
                        .accounts(accounts)
                        .build());
    }

    @Test
    void restoringTheSafetyCopyPutsBackTheAccountsAsTheyWereAndLeavesTheOthersAsTheyAreNow() throws IOException {
        TestPostgres.execute(db, """
                UPDATE users SET name = 'changed' WHERE id = 4711;
                DELETE FROM identities WHERE uid = 'x2';
                INSERT INTO sessions VALUES ('google', 'x1', 3, 'new');
                INSERT INTO user_roles VALUES (4711, 12);
                UPDATE users SET name = 'changed too' WHERE id = 3;
                DELETE FROM users WHERE id = 5;
                """);
        Map<String, Map<String, String>> beforeRestore = AccountGraphSchema.contents(db);

        RestoreResult result =
                restore(location, BACKUP, AccountSelection.keys("public.users", List.of("4711", "5")), safety);

        assertNotNull(result.safetyBackupId());
        Manifest copy = safety.readManifest(result.safetyBackupId());
        assertEquals(new AccountsScope("public.users", List.of("4711", "5"), null), copy.accounts());
        assertEquals(
                Manifest.ACCOUNTS_FORMAT_VERSION,
                copy.formatVersion(),
                "versions that would restore it whole refuse it");
        // exactly account 4711's rows as the target held them (account 5 had none): no other account's row
        Map<String, List<String>> owners = owners(copy);
        Map<String, List<String>> expectedOwners = new LinkedHashMap<>();
        beforeRestore.forEach((table, rows) -> {
            List<String> of4711 = rows.values().stream()
                    .filter(r -> r.startsWith("4711 "))
                    .map(r -> "4711")
                    .toList();
            if (!table.equals("public.roles") && !table.equals("public.audit_log")) {
                expectedOwners.put(table, of4711);
            }
        });
        assertEquals(expectedOwners, owners);
        assertEquals(9, copy.totalRows());

        // later, other accounts change: a sign-up, an edit, a new session
        TestPostgres.execute(db, """
                INSERT INTO users VALUES (6, 'f@example.org', 'Fay', 4711);
                UPDATE users SET email = 'a2@example.org' WHERE id = 1;
                INSERT INTO sessions VALUES ('google', 'g1', 2, 'sat');
                """);
        Map<String, Map<String, String>> later = AccountGraphSchema.contents(db);

        // a restore of whole tables, with Replace, from the copy: restricted to the accounts it holds
        RestoreResult undo = restore(safety, result.safetyBackupId(), null, null);

        Map<String, Map<String, String>> expected = AccountGraphSchema.withAccountAsIn(later, beforeRestore, "4711");
        expected.get("public.users").remove("5"); // account 5 was not there before: the undo removes it again
        expected.get("public.user_roles").remove("5/12");
        assertEquals(expected, AccountGraphSchema.contents(db));
        assertEquals(new RestoredAccounts("public.users", "2 keys", 1, List.of("5")), undo.accounts());
        assertNotEquals(later, expected);
    }

    @Test
    void aSafetyCopyOfChosenAccountsCannotBeRestoredAsAccountsOfAnotherRoot() {
        TestPostgres.execute(db, "UPDATE users SET name = 'changed' WHERE id = 4711");
        String copy = restore(location, BACKUP, AccountSelection.keys("public.users", List.of("4711")), safety)
                .safetyBackupId();

        BackupException e = assertThrows(
                BackupException.class,
                () -> restore(safety, copy, AccountSelection.keys("public.profiles", List.of("4711")), null));

        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("holds only some accounts of public.users"), e.getMessage());
    }

    /** Per table of the copy, the account of each of its rows. */
    private Map<String, List<String>> owners(Manifest copy) throws IOException {
        BackupFiles files = new BackupFiles(safety, copy);
        Map<String, List<String>> identities = new LinkedHashMap<>();
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (String table : List.of("users", "profiles", "identities", "sessions", "user_roles")) {
            TableEntry entry = copy.table("public", table).orElseThrow();
            List<String> accounts = new ArrayList<>();
            for (JsonNode row : rows(files, entry)) {
                accounts.add(
                        switch (table) {
                            case "users" -> row.get("id").asText();
                            case "sessions" ->
                                identities
                                        .get(row.get("provider").asText() + "/"
                                                + row.get("uid").asText())
                                        .get(0);
                            default -> row.get("user_id").asText();
                        });
                if (table.equals("identities")) {
                    identities.put(
                            row.get("provider").asText() + "/" + row.get("uid").asText(),
                            List.of(row.get("user_id").asText()));
                }
            }
            owners.put("public." + table, accounts);
        }
        return owners;
    }

    private static List<JsonNode> rows(BackupFiles files, TableEntry entry) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream in = files.rows(entry, files.open(entry));
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }
}
