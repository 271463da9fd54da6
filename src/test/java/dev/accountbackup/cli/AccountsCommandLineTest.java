package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.AccountGraphSchema;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring chosen accounts and showing a backup's account graph from the command line. */
class AccountsCommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private DatabaseTarget db;
    private String to;
    private Map<String, Map<String, String>> backedUp;

    private String url() {
        return "postgresql://postgres@127.0.0.1:" + db.port() + "/" + db.database();
    }

    @BeforeEach
    void export() {
        db = AccountGraphSchema.create();
        to = dir.resolve("backups").toUri().toString();
        CliRun export =
                run("export", "--database", url(), "--tables", String.join(",", AccountGraphSchema.TABLES), "--to", to);
        assertEquals(0, export.exitCode(), export.err());
        backedUp = AccountGraphSchema.contents(db);
    }

    @Test
    void theGraphCommandShowsTheTablesAnAccountReachesAndThoseItDoesNot() {
        CliRun graph = run("accounts", "graph", "--from", to, "--root", "public.users");

        assertEquals(0, graph.exitCode(), graph.err());
        assertTrue(graph.out().contains("public.users (root, key id)"), graph.out());
        assertTrue(
                graph.out().contains("public.sessions (depth 2)")
                        && graph.out()
                                .contains(
                                        "via sessions_provider_uid_fkey (provider, uid) -> public.identities (provider, uid)"),
                graph.out());
        assertTrue(graph.out().contains("(self-reference: it would pull other accounts in)"), graph.out());
        assertTrue(graph.out().contains("not part of an account: public.roles, public.audit_log"), graph.out());

        CliRun noRoot = run("accounts", "graph", "--from", to, "--root", "public.nothing");
        assertEquals(Main.FAILED, noRoot.exitCode());
        assertTrue(noRoot.err().contains("public.nothing"), noRoot.err());
    }

    @Test
    void restoreOneAccountByKeyReportsTablesAndTheKeysNotFound() {
        TestPostgres.execute(db, "DELETE FROM users WHERE id IN (2, 4)");
        Map<String, Map<String, String>> afterDelete = AccountGraphSchema.contents(db);

        CliRun restore = run("restore", "--from", to, "--database", url(), "--account", "public.users=2,4711");

        assertEquals(0, restore.exitCode(), restore.err());
        assertEquals(AccountGraphSchema.withAccountAsIn(afterDelete, backedUp, "2"), AccountGraphSchema.contents(db));
        assertTrue(
                restore.out().contains("accounts of public.users (2 keys): 1 found in the backup, 1 not found: 4711"),
                restore.out());
        assertTrue(restore.out().matches("(?s).*public\\.sessions +3 +0 +0 +0.*"), restore.out());
        assertTrue(restore.out().contains("public.audit_log was left out"), restore.out());
    }

    @Test
    void aDryRunByMatchCountsInJsonAndChangesNothing() throws Exception {
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 2");
        Map<String, Map<String, String>> afterDelete = AccountGraphSchema.contents(db);

        CliRun dryRun = run(
                "restore",
                "--from",
                to,
                "--database",
                url(),
                "--account-match",
                "public.users.email=b@example.org",
                "--mode",
                "replace",
                "--dry-run",
                "--output",
                "json");

        assertEquals(0, dryRun.exitCode(), dryRun.err());
        JsonNode json = JSON.readTree(dryRun.out());
        assertEquals(1, json.get("accounts").get("found").asLong());
        assertEquals("a match on email", json.get("accounts").get("selection").asText());
        assertEquals("public.users", json.get("tables").get(0).get("table").asText());
        assertEquals(1, json.get("tables").get(0).get("inserted").asLong());
        assertEquals(afterDelete, AccountGraphSchema.contents(db));
    }

    @Test
    void badAccountOptionsAreUsageErrorsThatDoNotEchoValues() {
        CliRun noKeys = run("restore", "--from", to, "--database", url(), "--account", "public.users");
        assertEquals(2, noKeys.exitCode());
        assertTrue(noKeys.err().contains("--account needs a table, '=' and a value"), noKeys.err());

        CliRun both = run(
                "restore",
                "--from",
                to,
                "--database",
                url(),
                "--account",
                "public.users=2",
                "--account-match",
                "public.users.email=x@example.org");
        assertEquals(2, both.exitCode(), "one way of choosing accounts at a time");

        CliRun control = run("restore", "--from", to, "--database", url(), "--account", "public.users=2\u0007");
        assertEquals(2, control.exitCode());
        assertTrue(control.err().contains("control character"), control.err());

        CliRun unknownColumn =
                run("restore", "--from", to, "--database", url(), "--account-match", "public.users.phone=+49 555 0100");
        assertEquals(Main.FAILED, unknownColumn.exitCode());
        assertTrue(unknownColumn.err().contains("column phone is not a column of public.users"), unknownColumn.err());
        assertFalse(unknownColumn.err().contains("555"), unknownColumn.err());
        assertEquals(backedUp, AccountGraphSchema.contents(db));
    }
}
