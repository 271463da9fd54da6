package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.AccountGraphDatabase;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff after a scripted migration, as an operator of the application runs it. */
class DiffCommandLineTest {

    /** What the migration did, account by account. */
    static final Map<String, String> DAMAGED = new LinkedHashMap<>();

    static {
        DAMAGED.put("4", "deleted");
        DAMAGED.put("5", "changed");
        DAMAGED.put("7", "changed");
        DAMAGED.put("8", "changed");
        DAMAGED.put("9", "changed");
        DAMAGED.put("11", "changed");
        DAMAGED.put("12", "changed");
        DAMAGED.put("31", "added");
    }

    @TempDir
    Path dir;

    private DatabaseTarget db;
    private String from;

    @BeforeEach
    void backupThenMigrate() {
        db = AccountGraphDatabase.create(30);
        from = dir.resolve("backups").toUri().toString();
        CliRun export = run(
                "export",
                "--database",
                AccountGraphDatabase.url(db),
                "--tables",
                AccountGraphDatabase.TABLES,
                "--to",
                from);
        assertEquals(0, export.exitCode(), export.err());
        TestPostgres.execute(db, AccountGraphDatabase.MIGRATION);
    }

    private CliRun diff(String... extra) {
        List<String> args = new ArrayList<>(
                List.of("diff", "--from", from, "--database", AccountGraphDatabase.url(db), "--output", "json"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void theDiffNamesExactlyTheDamagedAccountsTablesAndColumns() throws Exception {
        Map<String, String> usersBefore = TestPostgres.contents(db, "users", "id", "t::text");

        CliRun result = diff("--root", "public.users");

        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = result.json();
        assertEquals(1, json.get("accountsDeleted").asLong());
        assertEquals(6, json.get("accountsChanged").asLong());
        assertEquals(1, json.get("accountsAdded").asLong());
        assertEquals(DAMAGED, changes(json));
        assertEquals(0, json.get("accountsNotListed").asLong());
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        json.get("tables").forEach(t -> tables.put(t.get("table").asText(), t));
        assertEquals(
                List.of("public.users", "public.identities", "public.user_roles", "public.profiles", "public.sessions"),
                List.copyOf(tables.keySet()));
        JsonNode users = tables.get("public.users");
        assertEquals(
                List.of(1L, 1L, 2L),
                List.of(
                        users.get("deleted").asLong(),
                        users.get("added").asLong(),
                        users.get("changed").asLong()));
        assertEquals("[\"name\",\"invited_by\"]", users.get("changedColumns").toString());
        assertEquals(
                "[\"bio\"]", tables.get("public.profiles").get("changedColumns").toString());
        assertEquals(4, tables.get("public.sessions").get("deleted").asLong());
        assertEquals(1, tables.get("public.identities").get("added").asLong());
        JsonNode account12 = account(json, "12");
        assertEquals(
                "[{\"table\":\"public.user_roles\",\"deleted\":1,\"added\":0,\"changed\":0,\"changedColumns\":[]}]",
                account12.get("tables").toString());
        assertEquals(usersBefore, TestPostgres.contents(db, "users", "id", "t::text"), "a diff only reads");
    }

    @Test
    void theListIsCappedWithACountOfTheRest() throws Exception {
        JsonNode json = diff("--root", "public.users", "--list", "3").json();

        assertEquals(3, json.get("accounts").size());
        assertEquals(5, json.get("accountsNotListed").asLong());
        assertEquals(List.of("4", "5", "7"), List.copyOf(changes(json).keySet()), "numeric keys in numeric order");
    }

    @Test
    void chosenAccountsAreComparedAloneAndUnknownKeysReported() throws Exception {
        JsonNode byKey = diff("--account", "public.users=7,10,999").json();
        JsonNode byMatch =
                diff("--account-match", "public.users.email=user9@example.org").json();

        assertEquals(Map.of("7", "changed"), changes(byKey));
        assertEquals("[\"999\"]", byKey.get("accountsNotFound").toString());
        assertEquals(1, byKey.get("accountsChanged").asLong());
        assertEquals(Map.of("9", "changed"), changes(byMatch));
    }

    @Test
    void theTextOutputIsForPeople() {
        CliRun text = run("diff", "--from", from, "--database", AccountGraphDatabase.url(db), "--root", "users");

        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("accounts since the backup: 1 deleted, 6 changed, 1 added"), text.out());
        assertTrue(text.out().matches("(?s).*\\n  9 +changed +public.users 1 changed \\(name\\)\\n.*"), text.out());
        CliRun noRoot = run("diff", "--from", from, "--database", AccountGraphDatabase.url(db));
        assertEquals(2, noRoot.exitCode());
        assertTrue(noRoot.err().contains("diff needs --root"), noRoot.err());
    }

    @Test
    void aListLongerThanMemoryShouldHoldIsRefused() {
        for (String n : List.of("-1", "1000001", "2147483647")) {
            CliRun refused = run(
                    "diff", "--from", from, "--database", AccountGraphDatabase.url(db), "--root", "users", "--list", n);
            assertEquals(2, refused.exitCode(), n);
            assertTrue(refused.err().contains("--list must be between 0 and 1000000"), refused.err());
        }
    }

    private static Map<String, String> changes(JsonNode json) {
        Map<String, String> changes = new LinkedHashMap<>();
        json.get("accounts")
                .forEach(a -> changes.put(a.get("key").asText(), a.get("change").asText()));
        return changes;
    }

    private static JsonNode account(JsonNode json, String key) {
        for (JsonNode a : json.get("accounts")) {
            if (a.get("key").asText().equals(key)) {
                return a;
            }
        }
        throw new AssertionError("account " + key + " not listed: " + json);
    }
}
