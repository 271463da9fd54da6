package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static dev.accountbackup.cli.CliRun.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.TestPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export, verify, restore and decrypt with --encryption-key-file, as a user runs them. */
class EncryptedCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void anEncryptedBackupIsVerifiedRestoredAndDecryptedWithTheKeyFile() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(60);
        Map<String, String> before = TestPostgres.contents(db, "users", "id", "t::text");
        String email = TestPostgres.contents(db, "users", "id", "email").get("9");
        String key = TestKeys.newKey();
        Path keyFile = dir.resolve("backup.keys");
        Files.writeString(keyFile, "# made with openssl rand -base64 32\ncurrent=k1\nk1=" + key + "\n");
        Path backups = Files.createDirectory(dir.resolve("backups"));
        String to = backups.toUri().toString();

        CliRun export = run(
                "export",
                "--database",
                url(db),
                "--tables",
                "users,user_identities,user_profiles",
                "--to",
                to,
                "--encryption-key-file",
                keyFile.toString(),
                "--output",
                "json");
        assertEquals(0, export.exitCode(), export.err());
        String backupId =
                new ObjectMapper().readTree(export.out()).get("backupId").asText();

        CliRun checksumsOnly = run("verify", "--from", to);
        assertEquals(0, checksumsOnly.exitCode(), checksumsOnly.out());
        assertTrue(checksumsOnly.out().contains("rows not counted"), checksumsOnly.out());
        CliRun full = run("verify", "--from", to, "--encryption-key-file", keyFile.toString());
        assertEquals(0, full.exitCode(), full.out());
        assertTrue(full.out().contains("intact") && !full.out().contains("rows not counted"), full.out());

        TestPostgres.execute(db, "DELETE FROM users WHERE id <= 20");
        CliRun noKey = run("restore", "--from", to, "--database", url(db));
        assertEquals(Main.FAILED, noKey.exitCode());
        assertTrue(noKey.err().contains("key 'k1'") && !noKey.err().contains(key), noKey.err());
        CliRun restore =
                run("restore", "--from", to, "--database", url(db), "--encryption-key-file", keyFile.toString());
        assertEquals(0, restore.exitCode(), restore.err());
        assertEquals(before, TestPostgres.contents(db, "users", "id", "t::text"));

        Path plain = dir.resolve("users.jsonl.zst");
        CliRun decrypt = run(
                "decrypt",
                "--from",
                to,
                "--backup",
                backupId,
                "--table",
                "public.users",
                "--out",
                plain.toString(),
                "--encryption-key-file",
                keyFile.toString());
        assertEquals(0, decrypt.exitCode(), decrypt.err());
        String rows;
        try (InputStream in = new ZstdInputStream(Files.newInputStream(plain))) {
            rows = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(60, rows.lines().count());
        assertTrue(rows.contains(email));

        CliRun again = run(
                "decrypt",
                "--from",
                to,
                "--table",
                "users",
                "--out",
                plain.toString(),
                "--encryption-key-file",
                keyFile.toString());
        assertEquals(Main.FAILED, again.exitCode());
        assertTrue(Files.size(plain) > 0, "an existing file is never overwritten nor removed");
    }

    @Test
    void keysAreRefusedClearlyAndNeverEchoed() throws Exception {
        Path keyFile = dir.resolve("bad.keys");
        Files.writeString(keyFile, "current=k1\nk1=not-a-32-byte-key\n");
        CliRun bad = run("verify", "--from", dir.toUri().toString(), "--encryption-key-file", keyFile.toString());
        assertEquals(Main.FAILED, bad.exitCode());
        assertTrue(bad.err().contains("'k1'") && !bad.err().contains("not-a-32-byte-key"), bad.err());

        CliRun both = run(
                "verify",
                "--from",
                dir.toUri().toString(),
                "--encryption-key-file",
                keyFile.toString(),
                "--kms-key-id",
                "arn:x");
        assertEquals(Main.FAILED, both.exitCode());
        assertTrue(both.err().contains("not both"), both.err());

        CliRun missing = run(
                "verify",
                "--from",
                dir.toUri().toString(),
                "--encryption-key-file",
                dir.resolve("none").toString());
        assertEquals(Main.FAILED, missing.exitCode());
        assertFalse(missing.err().isBlank());
    }
}
