package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static dev.accountbackup.cli.CliRun.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasures the application records in its own table, the namespace's ledger read wherever the backup
 * restored lies, and the evidence report's list of the restores since each erasure.
 */
class ErasureTableCommandLineTest {

    private static final String TABLES = "users,user_identities,user_profiles";

    @TempDir
    Path dir;

    private Path namespace;
    private String backups;
    private Path hashKey;

    /** The operator's layout: a namespace folder holding its backups' folders, its ledger and its safety copies. */
    @BeforeEach
    void layout() throws Exception {
        namespace = Files.createDirectories(dir.resolve("store/shop"));
        backups = Files.createDirectories(namespace.resolve("accounts")).toUri().toString();
        hashKey = dir.resolve("erasure.key");
        Files.writeString(hashKey, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    }

    private record Contents(Map<String, String> users, Map<String, String> identities, Map<String, String> profiles) {
        static Contents of(DatabaseTarget db) {
            return new Contents(
                    TestPostgres.contents(db, "users", "id", "t::text"),
                    TestPostgres.contents(db, "user_identities", "id", "t::text"),
                    TestPostgres.contents(db, "user_profiles", "user_id", "t::text"));
        }
    }

    /** A database of 100 accounts, exported; then the application erases 42 and 43 and records them in gdpr.erasures. */
    private DatabaseTarget exportedThenErased() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(100);
        assertEquals(
                0,
                run("export", "--database", url(db), "--tables", TABLES, "--to", backups)
                        .exitCode());
        TestPostgres.execute(
                db,
                "CREATE SCHEMA gdpr; CREATE TABLE gdpr.erasures (request_id serial PRIMARY KEY, user_id bigint NOT NULL,"
                        + " erased_at timestamptz DEFAULT now());"
                        + " INSERT INTO gdpr.erasures (user_id) VALUES (42), (43), (43);"
                        + " DELETE FROM users WHERE id IN (42, 43)");
        return db;
    }

    private static List<String> restore(DatabaseTarget db, String... more) {
        List<String> args = new ArrayList<>(List.of("restore", "--database", url(db)));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void theApplicationsErasureTableWithholdsItsAccountsInEveryModeAndInADryRun() throws Exception {
        DatabaseTarget db = exportedThenErased();
        Contents afterErasure = Contents.of(db);
        for (String mode : List.of("insert-missing", "upsert", "replace")) {
            // a bug deletes 50 accounts, 42 and 43's former neighbours among them
            TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
            List<String> args = restore(
                    db,
                    "--from",
                    backups,
                    "--mode",
                    mode,
                    "--no-safety-copy",
                    "--ledger-table",
                    "gdpr.erasures",
                    "--ledger-key-column",
                    "user_id");

            List<String> dryRun = new ArrayList<>(args);
            dryRun.addAll(List.of("--dry-run", "--output", "json"));
            CliRun preview = run(dryRun.toArray(String[]::new));
            assertEquals(0, preview.exitCode(), preview.err());
            JsonNode erasures = preview.json().get("erasures");
            assertEquals(48, preview.json().get("tables").get(0).get("inserted").asLong(), mode);
            assertEquals("gdpr.erasures (user_id)", erasures.get("ledgerTable").asText());
            assertEquals(2, erasures.get("ledgerTableKeys").asInt(), "each key once");
            assertEquals(2, erasures.get("accountsWithheld").asInt());
            assertEquals(2, erasures.get("rowsWithheld").get("public.users").asLong());
            assertEquals(
                    2, erasures.get("rowsWithheld").get("public.user_profiles").asLong());
            assertEquals(50, TestPostgres.rowCount(db, "users"), "a dry run writes nothing");

            CliRun restored = run(args.toArray(String[]::new));
            assertEquals(0, restored.exitCode(), restored.err());
            assertTrue(
                    restored.out().contains("erasure table gdpr.erasures (user_id) applied: 2 key(s) read"),
                    restored.out());
            assertEquals(afterErasure, Contents.of(db), mode + ": 48 accounts back with all their rows, 42 and 43 not");
        }
    }

    @Test
    void anUnreadableErasureTableStopsTheRestoreBeforeItWritesAndIgnoreErasuresRestoresEveryone() throws Exception {
        DatabaseTarget db = exportedThenErased();
        TestPostgres.execute(db, "DELETE FROM users");

        CliRun missing =
                run(restore(db, "--from", backups, "--ledger-table", "gdpr.missing", "--ledger-key-column", "user_id")
                        .toArray(String[]::new));
        assertEquals(1, missing.exitCode(), missing.out());
        assertTrue(
                missing.err().contains("erasure table gdpr.missing cannot be read: it does not exist"), missing.err());

        CliRun noColumn =
                run(restore(db, "--from", backups, "--ledger-table", "gdpr.erasures", "--ledger-key-column", "account")
                        .toArray(String[]::new));
        assertEquals(1, noColumn.exitCode(), noColumn.out());
        assertTrue(noColumn.err().contains("it has no column account"), noColumn.err());

        // a name is a name, never SQL
        CliRun injected = run(restore(
                        db,
                        "--from",
                        backups,
                        "--ledger-table",
                        "gdpr.erasures; DROP TABLE users",
                        "--ledger-key-column",
                        "user_id")
                .toArray(String[]::new));
        assertEquals(1, injected.exitCode(), injected.out());
        assertTrue(injected.err().contains("does not exist"), injected.err());
        assertEquals(0, TestPostgres.rowCount(db, "users"), "nothing restored, the table still there");

        CliRun alone = run(restore(db, "--from", backups, "--ledger-table", "gdpr.erasures")
                .toArray(String[]::new));
        assertEquals(2, alone.exitCode(), alone.out());
        assertTrue(alone.err().contains("--ledger-table and --ledger-key-column go together"), alone.err());

        CliRun ignored = run(restore(
                        db,
                        "--from",
                        backups,
                        "--ledger-table",
                        "gdpr.missing",
                        "--ledger-key-column",
                        "user_id",
                        "--ignore-erasures")
                .toArray(String[]::new));
        assertEquals(0, ignored.exitCode(), ignored.err());
        assertTrue(ignored.out().contains("warning: erasures ignored"), ignored.out());
        assertEquals(100, TestPostgres.rowCount(db, "users"), "erased accounts back, as asked");
    }

    @Test
    void aRestoreReadsTheNamespacesLedgerFromABackupFolderOrASafetyCopyOrWhereItIsTold() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(20);
        assertEquals(
                0,
                run("export", "--database", url(db), "--tables", TABLES, "--to", backups)
                        .exitCode());
        String namespaceUri = namespace.toUri().toString();
        assertEquals(
                0,
                run("erase", "--to", namespaceUri, "--account", "public.users=7", "--hash-key-file", hashKey.toString())
                        .exitCode());
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 7");
        Contents afterErasure = Contents.of(db);

        // from the backup folder below the namespace: the namespace's ledger, by default
        TestPostgres.execute(db, "DELETE FROM users");
        CliRun fromBackups = run(restore(db, "--from", backups, "--hash-key-file", hashKey.toString())
                .toArray(String[]::new));
        assertEquals(0, fromBackups.exitCode(), fromBackups.err());
        assertTrue(fromBackups.out().contains("1 erased account(s) withheld"), fromBackups.out());
        assertEquals(afterErasure, Contents.of(db));

        // account 7 comes back by an explicit ignoreErasures, and a later upsert saves the rows it changes, 7's too,
        // to a safety copy where the operator puts them: <namespace>/_restores/<restore>
        TestPostgres.execute(db, "DELETE FROM users");
        assertEquals(
                0,
                run(restore(db, "--from", backups, "--ignore-erasures").toArray(String[]::new))
                        .exitCode());
        TestPostgres.execute(db, "UPDATE users SET display_name = 'changed' WHERE id IN (1, 7)");
        String safety = namespace.resolve("_restores/fix-1").toUri().toString();
        CliRun upsert = run(restore(
                        db,
                        "--from",
                        backups,
                        "--mode",
                        "upsert",
                        "--safety-to",
                        safety,
                        "--hash-key-file",
                        hashKey.toString())
                .toArray(String[]::new));
        assertEquals(0, upsert.exitCode(), upsert.err());
        assertTrue(upsert.out().contains("rows as they were before"), upsert.out());
        TestPostgres.execute(db, "DELETE FROM users");
        CliRun fromSafety = run(restore(db, "--from", safety, "--hash-key-file", hashKey.toString())
                .toArray(String[]::new));
        assertEquals(0, fromSafety.exitCode(), fromSafety.err());
        assertTrue(fromSafety.out().contains("1 erased account(s) withheld"), fromSafety.out());
        assertEquals(19, TestPostgres.rowCount(db, "users"));
        assertFalse(TestPostgres.contents(db, "users", "id", "id").containsKey("7"), "the namespace's ledger applied");

        // told to read another folder's ledger (an empty one), the restore applies that one, and says so
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        TestPostgres.execute(db, "DELETE FROM users");
        CliRun told = run(restore(
                        db,
                        "--from",
                        backups,
                        "--erasures-from",
                        elsewhere.toUri().toString(),
                        "--output",
                        "json")
                .toArray(String[]::new));
        assertEquals(0, told.exitCode(), told.err());
        assertEquals(0, told.json().get("erasures").get("entries").asInt());
        assertEquals(20, TestPostgres.rowCount(db, "users"), "account 7 back: that ledger does not hold it");
        try (Stream<Path> records = Files.list(elsewhere.resolve("_erasures/restores"))) {
            assertEquals(
                    List.of(".json", ".outcome.json"),
                    records.map(r -> r.getFileName().toString().replaceAll("^[^.]*", ""))
                            .sorted()
                            .toList(),
                    "the restore recorded where its ledger is, and that it committed");
        }
    }

    @Test
    void theEvidenceReportListsTheRestoresSinceEachErasureAndFlagsTheOneThatIgnoredIt() throws Exception {
        DatabaseTarget db = exportedThenErased();
        String namespaceUri = namespace.toUri().toString();
        CliRun erase = run(
                "erase",
                "--to",
                namespaceUri,
                "--account",
                "public.users=42",
                "--reference",
                "DSR-42",
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, erase.exitCode(), erase.err());

        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        CliRun applying = run(restore(
                        db,
                        "--from",
                        backups,
                        "--hash-key-file",
                        hashKey.toString(),
                        "--ledger-table",
                        "gdpr.erasures",
                        "--ledger-key-column",
                        "user_id")
                .toArray(String[]::new));
        assertEquals(0, applying.exitCode(), applying.err());
        CliRun dryRun = run(restore(db, "--from", backups, "--hash-key-file", hashKey.toString(), "--dry-run")
                .toArray(String[]::new));
        assertEquals(0, dryRun.exitCode(), dryRun.err());

        CliRun clean = run("report", "--from", backups, "--erasures");
        assertEquals(0, clean.exitCode(), clean.out() + clean.err());
        assertTrue(
                clean.out()
                        .contains("restores since: 1 (applied it: 1, rolled back: 0, outcome unknown: 0, flagged: 0)"),
                "a dry run restores nothing: " + clean.out());
        assertTrue(
                clean.out()
                        .matches("(?s).*ok\\s+restore \\S+ at \\S+ by command line: backup \\S+ of "
                                + ".*, InsertMissing: committed; applied with ledger version 1-.*"),
                clean.out());

        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        CliRun ignoring =
                run(restore(db, "--from", backups, "--ignore-erasures", "--mode", "upsert", "--no-safety-copy")
                        .toArray(String[]::new));
        assertEquals(0, ignoring.exitCode(), ignoring.err());

        CliRun flagged = run("report", "--from", backups, "--erasures", "--output", "json");
        assertEquals(1, flagged.exitCode(), "a restore that brought an erased account back fails the report");
        JsonNode since = flagged.json().get("erasures").get(0).get("restoresSince");
        assertEquals(
                "DSR-42", flagged.json().get("erasures").get(0).get("reference").asText());
        assertEquals(2, since.size());
        assertTrue(since.get(0).get("applied").asBoolean());
        assertFalse(since.get(1).get("applied").asBoolean());
        assertTrue(since.get(1).get("flagged").asBoolean());
        assertEquals("committed", since.get(1).get("outcome").asText());
        assertEquals("Upsert", since.get(1).get("mode").asText());
        assertTrue(since.get(1).get("detail").asText().contains("ignored erasures"), since.toString());

        // the records name no account: counts and ids only
        try (Stream<Path> records = Files.list(namespace.resolve("_erasures/restores"))) {
            for (Path r : records.toList()) {
                String text = Files.readString(r);
                assertTrue(text.contains("\"sha256\""), text);
                assertFalse(text.contains("\"42\"") || text.contains("example"), text);
            }
        }
    }
}
