package dev.accountbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.AccountGraphDatabase;
import dev.accountbackup.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "safety net before risky changes", played on the embedded database through the
 * command line: a backup right before a migration, a migration that damages some accounts, the
 * diff that names them, users going on with their accounts meanwhile, and the restore of exactly
 * the damaged accounts, after which those are as backed up and everything users did since stays.
 */
class SafetyNetStoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per table: each row's key, and the account it belongs to. */
    private static final Map<String, String[]> KEY_AND_ACCOUNT = Map.of(
            "users", new String[] {"t.id", "t.id"},
            "identities", new String[] {"t.provider || '/' || t.uid", "t.user_id"},
            "sessions",
                    new String[] {
                        "t.provider || '/' || t.uid || '/' || t.n",
                        "(SELECT i.user_id FROM identities i WHERE i.provider = t.provider AND i.uid = t.uid)"
                    },
            "user_roles", new String[] {"t.user_id || '/' || t.role_id", "t.user_id"},
            "profiles", new String[] {"t.user_id", "t.user_id"});

    /**
     * Release v42's migration and its bug: it drops accounts 4 and 17 (first clearing the references of the accounts
     * they invited, 5 and 18) and corrupts columns and rows of accounts 7, 8, 9, 12 and 20.
     */
    private static final String MIGRATION_V42 = """
            UPDATE users SET invited_by = NULL WHERE invited_by IN (4, 17);
            DELETE FROM sessions WHERE (provider, uid) IN (SELECT provider, uid FROM identities WHERE user_id IN (4, 17));
            DELETE FROM identities WHERE user_id IN (4, 17);
            DELETE FROM user_roles WHERE user_id IN (4, 17);
            DELETE FROM profiles WHERE user_id IN (4, 17);
            DELETE FROM users WHERE id IN (4, 17);
            UPDATE profiles SET bio = 'migrated', settings = NULL WHERE user_id IN (7, 8);
            UPDATE users SET name = upper(name) WHERE id = 9;
            DELETE FROM user_roles WHERE user_id = 12 AND role_id = 2;
            UPDATE sessions SET ip = NULL WHERE uid = 'u20';
            """;

    private static final List<String> DAMAGED = List.of("4", "5", "7", "8", "9", "12", "17", "18", "20");

    /** Meanwhile, users go on: new sign-ups (one invited by a damaged account), and changes to other accounts. */
    private static final String USERS_GO_ON = """
            INSERT INTO users (id, email, name, invited_by) VALUES (32, 'second@example.org', 'Second', 5);
            INSERT INTO identities VALUES ('github', 'u32', 32);
            UPDATE users SET name = 'Renamed' WHERE id = 21;
            INSERT INTO sessions VALUES ('email', 'u22', 3, '10.0.0.9', '2026-12-06 09:00+00');
            DELETE FROM user_roles WHERE user_id = 24 AND role_id = 2;
            UPDATE profiles SET bio = 'updated by its owner' WHERE user_id = 25;
            """;

    @TempDir
    Path dir;

    private static JsonNode run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, code, err.toString());
        return JSON.readTree(out.toString());
    }

    @Test
    void backupMigrateDiffRestoreTheDamagedAccounts() throws Exception {
        DatabaseTarget db = AccountGraphDatabase.create(30);
        String url = AccountGraphDatabase.url(db);
        String from = dir.resolve("before-migration-v42").toUri().toString();
        run("export", "--database", url, "--tables", AccountGraphDatabase.TABLES, "--to", from, "--output", "json");
        Map<String, Map<String, String>> backedUp = contents(db);

        TestPostgres.execute(db, MIGRATION_V42);
        TestPostgres.execute(db, "INSERT INTO users (id, email, name) VALUES (31, 'first@example.org', 'First')");
        JsonNode diff = run("diff", "--from", from, "--database", url, "--root", "public.users", "--output", "json");
        List<String> damaged = new ArrayList<>();
        diff.get("accounts").forEach(a -> {
            if (!a.get("change").asText().equals("added")) {
                damaged.add(a.get("key").asText());
            }
        });
        assertEquals(DAMAGED, damaged, "the diff names exactly the damaged accounts (and the sign-up, as added)");

        TestPostgres.execute(db, USERS_GO_ON);
        Map<String, Map<String, String>> beforeRestore = contents(db);
        JsonNode restored = run(
                "restore",
                "--from",
                from,
                "--database",
                url,
                "--account",
                "public.users=" + String.join(",", damaged),
                "--mode",
                "upsert",
                "--output",
                "json");

        // one Upsert: account 5's reference to account 4 is set again as account 4 comes back in the same restore
        Map<String, Map<String, String>> expected = withAccountsAsIn(beforeRestore, backedUp, Set.copyOf(damaged));
        assertEquals(expected, contents(db), "the damaged accounts as backed up, every other row as it was");
        assertNotEquals(beforeRestore, expected);
        JsonNode after = run("diff", "--from", from, "--database", url, "--root", "public.users", "--output", "json");
        Map<String, String> left = new TreeMap<>();
        after.get("accounts")
                .forEach(a -> left.put(a.get("key").asText(), a.get("change").asText()));
        assertEquals(
                Map.of(
                        "21", "changed",
                        "22", "changed",
                        "24", "changed",
                        "25", "changed",
                        "31", "added",
                        "32", "added"),
                left,
                "what users did since the backup, and nothing else");

        // its safety copy holds the damaged accounts' rows as they were just before it, and no other account's
        Manifest copy = new BackupLocation(new FilesystemStore(dir.resolve("before-migration-v42-safety")), "")
                .readManifest(restored.get("safetyBackupId").asText());
        assertEquals(
                damaged.stream().sorted().toList(), copy.accounts().keys(), "restoring the copy touches these only");
        long damagedRows = beforeRestore.values().stream()
                .flatMap(rows -> rows.values().stream())
                .filter(row -> damaged.contains(owner(row)))
                .count();
        assertEquals(damagedRows, copy.totalRows());
    }

    private static Map<String, Map<String, String>> contents(DatabaseTarget db) {
        Map<String, Map<String, String>> contents = new LinkedHashMap<>();
        KEY_AND_ACCOUNT.forEach((table, exprs) -> contents.put(
                table,
                TestPostgres.contents(
                        db, table, exprs[0], "coalesce((" + exprs[1] + ")::text, '-') || ' ' || t::text")));
        return contents;
    }

    /** {@code now}, with the rows of {@code accounts} as they were in {@code then}. */
    private static Map<String, Map<String, String>> withAccountsAsIn(
            Map<String, Map<String, String>> now, Map<String, Map<String, String>> then, Set<String> accounts) {
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        now.forEach((table, rows) -> {
            Map<String, String> merged = new LinkedHashMap<>();
            rows.forEach((key, row) -> {
                if (!accounts.contains(owner(row))) {
                    merged.put(key, row);
                }
            });
            then.get(table).forEach((key, row) -> {
                if (accounts.contains(owner(row))) {
                    merged.put(key, row);
                }
            });
            expected.put(table, new TreeMap<>(merged));
        });
        return expected;
    }

    private static String owner(String row) {
        return row.substring(0, row.indexOf(' '));
    }
}
