package dev.accountbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.report.RunReport;
import dev.accountbackup.engine.signing.SigningKeys;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a caller that cannot read the command's output (the operator, for a run in a Kubernetes Job) relies on: the
 * environment given to the command line, key sets mounted as directories, and a signed report of how the run ended.
 */
class RunReportCommandLineTest {

    private static final String KEY = TestKeys.newKey();

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    /** Runs with only the given environment, as a container's. */
    private static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void anExportReportsItsResultAndItsErrorSignedWithAMountedKeySet() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        Path keys = Files.createDirectories(dir.resolve("signing-keys"));
        Files.writeString(keys.resolve("current"), "k1\n");
        Files.writeString(keys.resolve("k1"), KEY);
        Files.createDirectories(keys.resolve("..2026_12_06")); // what a Secret volume holds besides its keys
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Map<String, String> env = Map.of(
                "PGUSER", "postgres", "PGPASSWORD", "unused", "ACCOUNT_BACKUP_SIGNING_KEYS_FILE", keys.toString());
        String url = "postgresql://127.0.0.1:" + db.port() + "/" + db.database();

        Result export = run(
                env,
                "export",
                "--database",
                url,
                "--tables",
                "users",
                "--to",
                backups.toUri().toString(),
                "--backup-id",
                "20261206T020000Z",
                "--label",
                "accountbackup.dev/uid=1234",
                "--report-to",
                reports.toUri() + "/ok.json");
        assertEquals(0, export.exitCode(), export.err());
        SigningKeys signing = SigningKeys.fromEntries(Map.of("current", "k1", "k1", KEY), "test");
        BackupLocation folder = new BackupLocation(new FilesystemStore(reports), "").withSigning(signing);
        RunReport ok = RunReport.read(folder, "ok.json").orElseThrow();
        assertTrue(ok.isSuccess());
        assertEquals("20261206T020000Z", ok.result().get("backupId").asText());
        Manifest manifest = new BackupLocation(new FilesystemStore(backups), "")
                .withSigning(signing)
                .readManifest("20261206T020000Z");
        assertEquals("1234", manifest.labels().get("accountbackup.dev/uid"));

        Result missing = run(
                env,
                "export",
                "--database",
                url,
                "--tables",
                "no_such_table",
                "--to",
                backups.toUri().toString(),
                "--report-to",
                reports.toUri() + "/failed.json");
        assertEquals(1, missing.exitCode());
        RunReport failed = RunReport.read(folder, "failed.json").orElseThrow();
        assertFalse(failed.isSuccess());
        assertEquals(BackupException.Kind.INVALID, failed.error().kind(), "a retry cannot help, and the caller knows");
        assertTrue(
                failed.error().getMessage().contains("no_such_table"),
                failed.error().getMessage());

        // a report changed in storage is refused where keys are configured
        Path file = reports.resolve("failed.json");
        Files.writeString(file, Files.readString(file).replace("INVALID", "STORAGE"));
        BackupException forged = assertThrows(BackupException.class, () -> RunReport.read(folder, "failed.json"));
        assertEquals(BackupException.Kind.UNTRUSTED, forged.kind());
    }

    @Test
    void badExportOptionsAreUsageErrors() {
        Result badId = run(
                Map.of(),
                "export",
                "--database",
                "postgresql://app@db/shop",
                "--tables",
                "users",
                "--to",
                dir.toUri().toString(),
                "--backup-id",
                "../../etc");
        assertEquals(2, badId.exitCode());
        assertTrue(badId.err().contains("--backup-id must start with a UTC time"), badId.err());
    }
}
