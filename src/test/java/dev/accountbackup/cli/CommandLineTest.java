package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static dev.accountbackup.cli.CliRun.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.ObjectLocks;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: arguments in, text or JSON and an exit code out. */
class CommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void benchPrintsEveryPhaseWithItsFigures() {
        CliRun bench = run("bench", "--users", "300");

        assertEquals(0, bench.exitCode(), bench.err());
        for (String phase : List.of(
                "COPY ... TO STDOUT (baseline)",
                "export (JSON Lines, zstd)",
                "export / COPY, both rounds (target <= 1.0) = ",
                "export, encrypted (AES-256-GCM-HKDF)",
                "encrypted export / export, both rounds (target <= 1.10) = ",
                "restore Replace into empty tables",
                "restore InsertMissing, half the users missing",
                "restore one account of 300 (InsertMissing)",
                "one account, its mean / whole tables (InsertMissing) (target <= 0.10) = ")) {
            assertTrue(bench.out().contains(phase), phase + " missing from:\n" + bench.out());
        }
        assertFalse(bench.out().contains("masked"), bench.out());
        assertTrue(bench.out().matches("(?s).*seeded [0-9,]+ rows in .*"), bench.out());
        // with PostgreSQL's client tools installed the baselines run too; without them the output says why they are
        // missing. The masked restore is only timed with --masked.
        assertTrue(
                bench.out().contains("Replace / pg_restore --data-only, both rounds = ")
                        || bench.out().contains("pg_dump and pg_restore baselines skipped: "),
                bench.out());
    }

    @Test
    void exportListVerifyAndRestoreTheMissingRows() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(60);
        String to = dir.toUri().toString();
        List<String> before = usersAsText(db);

        CliRun export = run(
                "export",
                "--database",
                url(db),
                "--tables",
                "users,user_identities,user_profiles",
                "--to",
                to,
                "--output",
                "json");
        assertEquals(0, export.exitCode(), export.err());
        JsonNode exported = export.json();
        String backupId = exported.get("backupId").asText();
        assertEquals(3, exported.get("tables").size());
        assertEquals(60, exported.get("tables").get(0).get("rows").asLong());
        assertEquals(64, exported.get("tables").get(0).get("sha256").asText().length());

        CliRun list = run("list", "--from", to);
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains(backupId) && list.out().contains("public.users"), list.out());

        CliRun verify = run("verify", "--from", to, "--backup", backupId);
        assertEquals(0, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("intact"), verify.out());

        TestPostgres.execute(db, "DELETE FROM users WHERE id <= 20");
        CliRun dryRun = run("restore", "--from", to, "--database", url(db), "--dry-run", "--output", "json");
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        assertTrue(dryRun.json().get("dryRun").asBoolean());
        assertEquals(20, dryRun.json().get("tables").get(0).get("inserted").asLong());
        assertEquals(40, usersAsText(db).size(), "a dry run changes nothing");

        TestPostgres.execute(
                db,
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;"
                        + " CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch()");
        CliRun restore =
                run("restore", "--from", to, "--database", url(db), "--mode", "insert-missing", "--disable-triggers");
        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains("restored backup " + backupId), restore.out());
        assertEquals(before, usersAsText(db), "the deleted users are back exactly, the trigger kept off");
    }

    @Test
    void verifyFailsOnADamagedFileAndSaysWhich() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        String to = dir.toUri().toString();
        assertEquals(
                0,
                run("export", "--database", url(db), "--tables", "users", "--to", to)
                        .exitCode());
        Path file;
        try (Stream<Path> files = Files.walk(dir)) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".jsonl.zst"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        CliRun verify = run("verify", "--from", to);
        assertEquals(Main.FAILED, verify.exitCode());
        assertTrue(
                verify.out().contains("DAMAGED")
                        && verify.out().contains(file.getFileName().toString()),
                verify.out());
    }

    @Test
    void objectLockOptionsAreCheckedBeforeAnythingIsWritten() throws Exception {
        String db = "postgresql://postgres@127.0.0.1:" + TestPostgres.server().port() + "/postgres";
        CliRun wrongMode = run(
                "export",
                "--database",
                db,
                "--tables",
                "users",
                "--to",
                "s3://bucket/p",
                "--object-lock-mode",
                "WORM",
                "--object-lock-retain-for",
                "30d");
        assertEquals(2, wrongMode.exitCode());
        assertTrue(
                wrongMode.err().contains("--object-lock-mode \"WORM\" is not one of GOVERNANCE, COMPLIANCE"),
                wrongMode.err());

        CliRun half = run(
                "export",
                "--database",
                db,
                "--tables",
                "users",
                "--to",
                "s3://bucket/p",
                "--object-lock-retain-for",
                "30d");
        assertEquals(2, half.exitCode());
        assertTrue(half.err().contains("--object-lock-mode is required"), half.err());

        CliRun tooLong = run(
                "export",
                "--database",
                db,
                "--tables",
                "users",
                "--to",
                "s3://bucket/p",
                "--object-lock-mode",
                "COMPLIANCE",
                "--object-lock-retain-for",
                "100000d");
        assertEquals(2, tooLong.exitCode());
        assertTrue(tooLong.err().contains("--object-lock-retain-for \"100000d\" is longer than 3650d"), tooLong.err());

        CliRun onFiles = run(
                "export",
                "--database",
                db,
                "--tables",
                "users",
                "--to",
                dir.toUri().toString(),
                "--object-lock-mode",
                "COMPLIANCE",
                "--object-lock-retain-for",
                "30d");
        assertEquals(Main.FAILED, onFiles.exitCode());
        assertTrue(onFiles.err().contains("S3 Object Lock needs an s3:// storage location"), onFiles.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void listShowsTheObjectLockAManifestRecords() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        CliRun export = run(
                "export",
                "--database",
                url(db),
                "--tables",
                "users",
                "--to",
                dir.toUri().toString(),
                "--output",
                "json");
        assertEquals(0, export.exitCode(), export.err());
        String id = export.json().get("backupId").asText();
        try (FilesystemStore store = new FilesystemStore(dir)) {
            ObjectLocks.recordLock(
                    new BackupLocation(store, ""),
                    id,
                    new ObjectLock(ObjectLock.Mode.COMPLIANCE, Instant.parse("2027-01-05T02:00:00Z")));
        }

        JsonNode listed = run("list", "--from", dir.toUri().toString(), "--output", "json")
                .json()
                .get("backups")
                .get(0);
        assertEquals("COMPLIANCE", listed.get("objectLock").get("mode").asText());
        assertEquals(
                "2027-01-05T02:00:00Z",
                listed.get("objectLock").get("retainUntil").asText());
        assertTrue(run("list", "--from", dir.toUri().toString())
                .out()
                .contains("locked until 2027-01-05T02:00:00Z (COMPLIANCE)"));
    }

    @Test
    void badInputGivesAClearErrorAndAFailureExitCode() {
        CliRun noTable = run(
                "export",
                "--database",
                "postgresql://postgres@127.0.0.1:" + TestPostgres.server().port() + "/postgres",
                "--tables",
                "no_such_table",
                "--to",
                dir.toUri().toString());
        assertEquals(Main.FAILED, noTable.exitCode());
        assertTrue(noTable.err().contains("error: table no_such_table does not exist"), noTable.err());

        CliRun password = run("list", "--from", "s3://bucket", "--output", "json", "--unknown-option");
        assertEquals(2, password.exitCode(), "usage errors exit with 2");

        CliRun relative = run("list", "--from", "file:relative/dir");
        assertEquals(Main.FAILED, relative.exitCode());
        assertFalse(relative.err().isBlank());

        CliRun secret =
                run("restore", "--from", dir.toUri().toString(), "--database", "postgresql://app:hunter2@db/shop");
        assertEquals(2, secret.exitCode(), "a --database that is not one login is a usage error");
        assertFalse(secret.err().contains("hunter2"), "a password given on the command line is not echoed");
    }

    @Test
    void aDatabaseUrlCannotReachAnotherDatabaseOrSetDriverOptions() throws Exception {
        DatabaseTarget shop = TestPostgres.newAccountsDatabase(5);
        DatabaseTarget other = TestPostgres.newAccountsDatabase(7);
        String base = "postgresql://postgres@127.0.0.1:" + shop.port() + "/" + shop.database();
        for (String url : List.of(
                base + "?PGDBNAME=" + other.database(),
                base + "?socketFactory=java.lang.String&y=",
                "postgresql://postgres@127.0.0.1%2F" + other.database() + "/" + shop.database())) {
            CliRun export = run(
                    "export",
                    "--database",
                    url,
                    "--tables",
                    "users",
                    "--to",
                    dir.toUri().toString());
            assertEquals(2, export.exitCode(), url);
            assertTrue(export.err().startsWith("Invalid value for option '--database': --database"), export.err());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.count(), "nothing was exported with " + url);
            }
        }
        CliRun ipv6 = run(
                "export",
                "--database",
                "postgresql://postgres@[::1]:" + shop.port() + "/" + shop.database(),
                "--tables",
                "users",
                "--to",
                dir.toUri().toString());
        assertFalse(ipv6.err().contains("--database"), "a bracketed IPv6 address is a host: " + ipv6.err());
    }

    private static List<String> usersAsText(DatabaseTarget db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT u::text FROM users u ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
