package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static dev.accountbackup.cli.CliRun.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.signing.CanonicalJson;
import dev.accountbackup.testing.TestPostgres;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore records behind {@code report --erasures}: a record before the commit and its outcome after, so that a
 * restore whose commit failed reads as rolled back and one cut short as unknown, never as committed or absent; planted
 * and oversize record files flagged; records from before outcomes were recorded still read; and the application's
 * erasure table against the restores.
 */
class RestoreEvidenceCommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLES = "users,user_identities,user_profiles";

    @TempDir
    Path dir;

    private Path namespace;
    private Path records;
    private String backups;
    private Path hashKey;

    @BeforeEach
    void layout() throws Exception {
        namespace = Files.createDirectories(dir.resolve("store/shop"));
        records = namespace.resolve("_erasures/restores");
        backups = Files.createDirectories(namespace.resolve("accounts")).toUri().toString();
        hashKey = dir.resolve("erasure.key");
        Files.writeString(hashKey, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    }

    /** 100 accounts exported, then account 42 erased by the application and recorded in the namespace's ledger. */
    private DatabaseTarget exportedThenErased() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(100);
        assertEquals(
                0,
                run("export", "--database", url(db), "--tables", TABLES, "--to", backups)
                        .exitCode());
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 42");
        CliRun erase = run(
                "erase",
                "--to",
                namespace.toUri().toString(),
                "--account",
                "public.users=42",
                "--reference",
                "DSR-42",
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, erase.exitCode(), erase.err());
        return db;
    }

    private CliRun restore(DatabaseTarget db, String... more) {
        List<String> args = new ArrayList<>(
                List.of("restore", "--database", url(db), "--from", backups, "--hash-key-file", hashKey.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private CliRun report(String... more) {
        List<String> args = new ArrayList<>(List.of("report", "--from", backups, "--erasures", "--output", "json"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private List<Path> files(String suffix) throws Exception {
        try (Stream<Path> files = Files.list(records)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static JsonNode restoresSince(CliRun report) throws Exception {
        return report.json().get("erasures").get(0).get("restoresSince");
    }

    private static JsonNode counts(CliRun report) throws Exception {
        return report.json().get("erasures").get(0).get("restoreCounts");
    }

    @Test
    void aRestoreWhoseCommitFailsAfterItsRecordReadsAsRolledBackNeverAsCommitted() throws Exception {
        DatabaseTarget db = exportedThenErased();
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        Map<String, String> before = TestPostgres.contents(db, "users", "id", "t::text");
        // the database refuses the restore only at its commit, after the record was written
        TestPostgres.execute(
                db,
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$;"
                        + " CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON users"
                        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse()");

        CliRun failed = restore(db, "--ignore-erasures");
        assertEquals(1, failed.exitCode(), failed.out());
        assertEquals(before, TestPostgres.contents(db, "users", "id", "t::text"), "nothing restored");
        assertEquals(1, files(".outcome.json").size(), "the outcome written after the failed commit");

        CliRun report = report();
        assertEquals(0, report.exitCode(), "a restore that rolled back brought nobody back: " + report.out());
        JsonNode since = restoresSince(report);
        assertEquals(1, since.size());
        assertEquals("rolled back", since.get(0).get("outcome").asText());
        assertFalse(since.get(0).get("applied").asBoolean(), "it ignored erasures");
        assertFalse(since.get(0).get("flagged").asBoolean(), since.toString());
        assertTrue(
                since.get(0).get("detail").asText().startsWith("rolled back: it restored nothing"), since.toString());
        assertEquals(1, counts(report).get("rolledBack").asInt());
        assertEquals(0, counts(report).get("flagged").asInt());

        CliRun text = run("report", "--from", backups, "--erasures");
        assertTrue(
                text.out()
                        .contains("restores since: 1 (applied it: 0, rolled back: 1, outcome unknown: 0, flagged: 0)"),
                text.out());
    }

    @Test
    void aRestoreCutShortBetweenItsRecordAndItsOutcomeReadsAsUnknownAndMayHaveCommitted() throws Exception {
        DatabaseTarget db = exportedThenErased();
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        assertEquals(0, restore(db).exitCode());
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        assertEquals(0, restore(db, "--ignore-erasures").exitCode());
        // as if both had crashed between their record and their outcome
        for (Path outcome : files(".outcome.json")) {
            Files.delete(outcome);
        }

        CliRun report = report();
        assertEquals(1, report.exitCode(), "one that ignored erasures may have brought 42 back: " + report.out());
        JsonNode since = restoresSince(report);
        assertEquals(2, since.size());
        assertEquals("unknown", since.get(0).get("outcome").asText());
        assertTrue(since.get(0).get("applied").asBoolean());
        assertFalse(since.get(0).get("flagged").asBoolean(), "it withheld 42 whatever its outcome");
        assertEquals("unknown", since.get(1).get("outcome").asText());
        assertTrue(since.get(1).get("flagged").asBoolean(), since.toString());
        assertTrue(since.get(1).get("detail").asText().contains("it may have committed"), since.toString());
        assertEquals(2, counts(report).get("outcomeUnknown").asInt());
    }

    @Test
    void recordsWrittenBeforeOutcomesWereRecordedAreStillRead() throws Exception {
        DatabaseTarget db = exportedThenErased();
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        assertEquals(0, restore(db).exitCode());
        Files.delete(files(".outcome.json").get(0));
        Path record = files(".json").get(0);
        ObjectNode file = (ObjectNode) JSON.readTree(record.toFile());
        ObjectNode body = (ObjectNode) file.get("restore");
        body.remove(List.of("outcomeFollows", "erasesAfterRestore"));
        file.put("sha256", sha256(body));
        JSON.writeValue(record.toFile(), file);

        CliRun report = report();
        assertEquals(0, report.exitCode(), report.out());
        JsonNode since = restoresSince(report);
        assertEquals(1, since.size());
        assertEquals("unknown", since.get(0).get("outcome").asText());
        assertTrue(since.get(0).get("applied").asBoolean());
        assertTrue(
                since.get(0).get("detail").asText().contains("a record from before restores recorded theirs"),
                since.toString());
    }

    @Test
    void plantedOversizeAndSwappedRecordFilesAreFlaggedAndTheRestStillReported() throws Exception {
        DatabaseTarget db = exportedThenErased();
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        assertEquals(0, restore(db).exitCode());
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        assertEquals(0, restore(db, "--dry-run").exitCode());
        assertEquals(0, restore(db, "--mode", "upsert", "--no-safety-copy").exitCode());
        List<Path> outcomes = files(".outcome.json");
        assertEquals(2, outcomes.size());

        // a gigabyte named as a record (sparse: its size is what is listed), a file of another name, an outcome
        // without its record, and the first restore's outcome swapped onto the second's
        Path huge = records.resolve("20990101T000000000Z-0000abcd.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        Files.writeString(records.resolve("notes.json"), "{}");
        Files.copy(outcomes.get(0), records.resolve("20980101T000000000Z-00001234.outcome.json"));
        Files.copy(outcomes.get(0), outcomes.get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CliRun report = report();
        assertEquals(1, report.exitCode(), report.out());
        JsonNode problems = report.json().get("restoreRecordProblems");
        assertEquals(4, problems.size(), problems.toString());
        String all = problems.toString();
        assertTrue(all.contains(huge.toUri().toString().replace("file:///", "")) || all.contains(huge.toString()), all);
        assertTrue(all.contains("it is 1073741824 bytes, larger than the 4194304 it may be"), all);
        assertTrue(all.contains("its name is not that of a restore record or outcome"), all);
        assertTrue(all.contains("no restore record goes with it: the record may have been removed"), all);
        assertTrue(all.contains("it names another restore than its file name"), all);
        // the genuine restores are still there: the swapped outcome proves nothing, so that one's is unknown
        JsonNode since = restoresSince(report);
        assertEquals(2, since.size());
        assertEquals("committed", since.get(0).get("outcome").asText());
        assertEquals("unknown", since.get(1).get("outcome").asText());
        assertTrue(since.get(1).get("applied").asBoolean());
    }

    @Test
    void aSignedOutcomeChangedToRolledBackIsRefusedAndTheRestoreStaysFlagged() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(100);
        Path keys = dir.resolve("signing.keys");
        Files.writeString(keys, "current=k1\nk1=" + TestKeys.newKey() + "\n");
        String signing = keys.toString();
        assertEquals(
                0,
                run("export", "--database", url(db), "--tables", TABLES, "--to", backups, "--signing-key-file", signing)
                        .exitCode());
        CliRun erase = run(
                "erase",
                "--to",
                namespace.toUri().toString(),
                "--account",
                "public.users=42",
                "--hash-key-file",
                hashKey.toString(),
                "--signing-key-file",
                signing);
        assertEquals(0, erase.exitCode(), erase.err());
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        CliRun ignoring = restore(db, "--ignore-erasures", "--signing-key-file", signing);
        assertEquals(0, ignoring.exitCode(), ignoring.err());

        // whoever can write to the bucket rewrites the outcome to hide the restore, checksum and all, but cannot sign
        Path outcome = files(".outcome.json").get(0);
        ObjectNode file = (ObjectNode) JSON.readTree(outcome.toFile());
        ObjectNode body = (ObjectNode) file.get("restoreOutcome");
        body.put("outcome", "ROLLED_BACK");
        file.put("sha256", sha256(body));
        JSON.writeValue(outcome.toFile(), file);

        CliRun report = report("--signing-key-file", signing);
        assertEquals(1, report.exitCode(), report.out());
        assertTrue(report.json().get("restoreRecordProblems").toString().contains("restore outcome"), report.out());
        JsonNode since = restoresSince(report);
        assertEquals("unknown", since.get(0).get("outcome").asText(), "a refused outcome proves nothing");
        assertTrue(since.get(0).get("flagged").asBoolean());
    }

    private static String sha256(JsonNode body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.bytes(body)));
    }

    @Test
    void theReportCountsTheApplicationsErasureTableAndSaysWhichRestoresAppliedIt() throws Exception {
        DatabaseTarget db = exportedThenErased();
        TestPostgres.execute(
                db,
                "CREATE SCHEMA gdpr; CREATE TABLE gdpr.erasures (request_id serial PRIMARY KEY, user_id bigint NOT NULL,"
                        + " erased_at timestamptz NOT NULL);"
                        + " INSERT INTO gdpr.erasures (user_id, erased_at) VALUES (43, '2026-01-02T03:04:05Z'),"
                        + " (44, '2026-02-03T04:05:06Z'), (44, '2026-02-04T00:00:00Z');"
                        + " DELETE FROM users WHERE id IN (43, 44)");
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        assertEquals(
                0,
                restore(db, "--ledger-table", "gdpr.erasures", "--ledger-key-column", "user_id")
                        .exitCode());
        assertEquals(47, TestPostgres.rowCount(db, "users") - 50, "42, 43 and 44 withheld");

        String[] table = {
            "--database",
            url(db),
            "--ledger-table",
            "gdpr.erasures",
            "--ledger-key-column",
            "user_id",
            "--ledger-time-column",
            "erased_at"
        };
        CliRun applied = report(table);
        assertEquals(0, applied.exitCode(), applied.out());
        JsonNode erasureTable = applied.json().get("erasureTable");
        assertEquals("gdpr.erasures (user_id)", erasureTable.get("table").asText());
        assertEquals(2, erasureTable.get("erasures").asLong(), "two accounts erased");
        assertEquals(3, erasureTable.get("rows").asLong());
        assertEquals("2026-01-02T03:04:05Z", erasureTable.get("first").asText());
        assertEquals("2026-02-04T00:00:00Z", erasureTable.get("latest").asText());
        JsonNode restores = erasureTable.get("restores");
        assertEquals(1, restores.size());
        assertTrue(restores.get(0).get("appliedTable").asBoolean());
        assertEquals(2, restores.get(0).get("tableKeys").asInt());

        // a restore that reads no erasure table, after the table's first erasure, may have brought 43 and 44 back
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        assertEquals(0, restore(db).exitCode());
        CliRun flagged = report(table);
        assertEquals(1, flagged.exitCode(), flagged.out());
        JsonNode second = flagged.json().get("erasureTable").get("restores").get(1);
        assertFalse(second.get("appliedTable").asBoolean());
        assertTrue(second.get("flagged").asBoolean());
        assertTrue(second.get("detail").asText().contains("it read no erasure table"), second.toString());
        assertEquals(
                1,
                flagged.json()
                        .get("erasureTable")
                        .get("restoreCounts")
                        .get("flagged")
                        .asInt());

        CliRun text = run(
                "report",
                "--from",
                backups,
                "--erasures",
                table[0],
                table[1],
                table[2],
                table[3],
                table[4],
                table[5],
                table[6],
                table[7]);
        assertTrue(
                text.out()
                        .contains("erasure table gdpr.erasures (user_id): 2 erased account(s) in 3 row(s), first"
                                + " recorded 2026-01-02T03:04:05Z, latest 2026-02-04T00:00:00Z"),
                text.out());
        // the table's part of the report, times left out: their minutes and seconds may read 43 or 44
        String withoutTimes = text.out()
                .substring(text.out().indexOf("erasure table gdpr.erasures"))
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z", "<time>");
        assertFalse(withoutTimes.matches("(?s).*\\b4[34]\\b.*"), "no key of the table in the report: " + text.out());

        CliRun alone = run(
                "report",
                "--from",
                backups,
                "--erasures",
                "--ledger-table",
                "gdpr.erasures",
                "--ledger-key-column",
                "user_id");
        assertEquals(2, alone.exitCode(), alone.out());
        assertTrue(alone.err().contains("--ledger-table needs --database"), alone.err());
        CliRun withoutErasures =
                run("report", "--from", backups, table[0], table[1], table[2], table[3], table[4], table[5]);
        assertEquals(2, withoutErasures.exitCode(), withoutErasures.out());
        assertTrue(withoutErasures.err().contains("go with --erasures"), withoutErasures.err());
        CliRun withRoot = run(
                "report",
                "--from",
                backups,
                "--erasures",
                table[0],
                table[1],
                table[2],
                table[3],
                table[4],
                table[5],
                "--ledger-root",
                "public.users");
        assertEquals(2, withRoot.exitCode(), withRoot.out());
        assertTrue(withRoot.err().contains("--ledger-root is for restores"), withRoot.err());
    }
}
