package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static dev.accountbackup.cli.CliRun.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore --load-parallelism and repair, as a user runs them. */
class ParallelRestoreCommandLineTest {

    private static final List<String> TABLES = List.of("users", "user_identities", "user_profiles");

    @TempDir
    Path dir;

    @Test
    void aReplaceIntoEmptiedTablesLoadsOnTwoConnectionsAndSaysItWasNotOneTransaction() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(80);
        String to = dir.toUri().toString();
        Map<String, Map<String, String>> before = contents(db);
        CliRun export = run("export", "--database", url(db), "--tables", String.join(",", TABLES), "--to", to);
        assertEquals(0, export.exitCode(), export.err());
        TestPostgres.execute(db, "TRUNCATE users, user_identities, user_profiles CASCADE");

        CliRun restore =
                run("restore", "--from", to, "--database", url(db), "--mode", "replace", "--load-parallelism", "2");

        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains("loaded on 2 connections at once, not in one transaction"), restore.out());
        assertEquals(before, contents(db));

        CliRun again =
                run("restore", "--from", to, "--database", url(db), "--mode", "replace", "--load-parallelism", "2");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(
                again.out().contains("is not empty") && again.out().contains("the restore ran in one transaction"),
                again.out());
        assertEquals(before, contents(db));

        CliRun repair = run("repair", "--database", url(db));
        assertEquals(0, repair.exitCode(), repair.err());
        assertTrue(repair.out().contains("no parallel restore to put back"), repair.out());
    }

    @Test
    void erasedAccountsAreWithheldAndCountedOnTheParallelPathToo() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(60);
        String to = dir.toUri().toString();
        Path hashKey = dir.resolve("erasure.key");
        Files.writeString(hashKey, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        assertEquals(
                0,
                run("export", "--database", url(db), "--tables", String.join(",", TABLES), "--to", to)
                        .exitCode());
        CliRun erase = run("erase", "--to", to, "--account", "public.users=42", "--hash-key-file", hashKey.toString());
        assertEquals(0, erase.exitCode(), erase.err());
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 42");
        Map<String, Map<String, String>> afterErasure = contents(db);
        TestPostgres.execute(db, "TRUNCATE users, user_identities, user_profiles CASCADE");

        CliRun restore = run(
                "restore",
                "--from",
                to,
                "--database",
                url(db),
                "--mode",
                "replace",
                "--load-parallelism",
                "2",
                "--hash-key-file",
                hashKey.toString());

        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains("loaded on 2 connections at once"), restore.out());
        assertTrue(restore.out().contains("1 erased account(s) withheld"), restore.out());
        assertTrue(
                restore.out().matches("(?s).*public\\.users\\s+1 row\\(s\\) withheld because of erasures.*"),
                restore.out());
        assertEquals(afterErasure, contents(db), "every account back but 42, with none of its rows");
    }

    @Test
    void aParallelismOutOfRangeIsRefusedClearly() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(5);
        String to = dir.toUri().toString();
        assertEquals(
                0,
                run("export", "--database", url(db), "--tables", "users", "--to", to)
                        .exitCode());

        CliRun restore =
                run("restore", "--from", to, "--database", url(db), "--mode", "replace", "--load-parallelism", "0");

        assertNotEquals(0, restore.exitCode());
        assertTrue(restore.err().contains("load parallelism must be between 1 and 16"), restore.err());
    }

    private static Map<String, Map<String, String>> contents(DatabaseTarget db) {
        return Map.of(
                "users", TestPostgres.contents(db, "users", "id", "t::text"),
                "user_identities", TestPostgres.contents(db, "user_identities", "id", "t::text"),
                "user_profiles", TestPostgres.contents(db, "user_profiles", "user_id", "t::text"));
    }
}
