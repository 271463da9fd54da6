package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.Forger;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export, list, verify, report and restore with a signing key file, against the forgery of the issue. */
class SignedBackupsCommandLineTest {

    private static final String KEY = TestKeys.newKey();

    @TempDir
    Path dir;

    private Path keyFile(String content) throws Exception {
        Path file = Files.createTempFile(dir, "keys", ".txt");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void aForgedBackupIsFlaggedByListAndReportAndRefusedByVerifyAndRestore() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(20);
        Path backups = Files.createDirectory(dir.resolve("backups"));
        String to = backups.toUri().toString();
        String keys =
                keyFile("# manifest signing keys\ncurrent=k1\nk1=" + KEY + "\n").toString();
        String url = "postgresql://postgres@127.0.0.1:" + db.port() + "/" + db.database();

        CliRun export = run("export", "--database", url, "--tables", "users", "--to", to, "--signing-key-file", keys);
        assertEquals(0, export.exitCode(), export.err());
        String genuine = export.out().split(" ")[1];
        BackupLocation location = new BackupLocation(new FilesystemStore(backups), "");
        assertEquals(
                "k1",
                Forger.manifestTree(location, genuine)
                        .get("signature")
                        .get("keyId")
                        .asText());

        ObjectNode row = (ObjectNode) new ObjectMapper().readTree(Forger.lastRow(location, genuine, "users"));
        row.put("id", 999999);
        row.put("public_id", "00000000-0000-0000-0000-000000000999");
        row.put("email", "attacker@example.com");
        row.put("username", "attacker");
        String forged = "20261127T100000Z";
        Forger.copyWithExtraRow(location, genuine, forged, "users", row.toString(), false);

        CliRun unchecked = run("verify", "--from", to, "--backup", forged);
        assertEquals(
                0,
                unchecked.exitCode(),
                "without the key the forgery verifies, as the issue found: " + unchecked.out());
        assertTrue(unchecked.out().contains("intact (unsigned)"), unchecked.out());

        CliRun list = run("list", "--from", to, "--signing-key-file", keys);
        assertEquals(Main.FAILED, list.exitCode(), list.out());
        assertTrue(list.out().contains(genuine) && list.out().contains("signed with key k1"), list.out());
        assertTrue(list.out().matches("(?s).*" + forged + " +FLAGGED: signature missing.*"), list.out());

        CliRun verify = run("verify", "--from", to, "--backup", forged, "--signing-key-file", keys);
        assertEquals(Main.FAILED, verify.exitCode());
        assertTrue(
                verify.err().contains("backup " + forged + " at ")
                        && verify.err().contains("signature missing"),
                verify.err());
        CliRun verifyLatest = run("verify", "--from", to, "--signing-key-file", keys);
        assertEquals(0, verifyLatest.exitCode(), verifyLatest.err());
        assertTrue(
                verifyLatest.out().contains("backup " + genuine)
                        && verifyLatest.out().contains("(signed with key k1)"),
                verifyLatest.out());

        CliRun report = run("report", "--from", to, "--signing-key-file", keys);
        assertEquals(Main.FAILED, report.exitCode());
        assertTrue(
                report.out().contains(genuine + "  VERIFIED")
                        && report.out().contains(forged + "  FLAGGED  signature missing"),
                report.out());

        TestPostgres.execute(db, "DELETE FROM users WHERE id > 10");
        Map<String, String> before = TestPostgres.contents(db, "users", "id", "t::text");
        CliRun restore = run(
                "restore",
                "--from",
                to,
                "--backup",
                forged,
                "--database",
                url,
                "--mode",
                "replace",
                "--signing-key-file",
                keys);
        assertEquals(Main.FAILED, restore.exitCode());
        assertTrue(
                restore.err().contains("backup " + forged) && restore.err().contains("signature missing"),
                restore.err());
        assertEquals(before, TestPostgres.contents(db, "users", "id", "t::text"), "nothing was written");
        assertFalse(restore.out().contains("restored"));
    }

    @Test
    void withoutAKeyListSaysTheBackupsAreUnsigned() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(5);
        String to = dir.toUri().toString();
        String url = "postgresql://postgres@127.0.0.1:" + db.port() + "/" + db.database();
        assertEquals(
                0,
                run("export", "--database", url, "--tables", "users", "--to", to)
                        .exitCode());

        CliRun list = run("list", "--from", to);
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains("unsigned"), list.out());
    }

    @Test
    void badKeyFilesAreRefusedWithoutShowingAKey() throws Exception {
        String to = dir.toUri().toString();
        String shortKey = Base64.getEncoder().encodeToString(new byte[8]);
        CliRun tooShort = run(
                "list",
                "--from",
                to,
                "--signing-key-file",
                keyFile("current=k1\nk1=" + shortKey + "\n").toString());
        assertEquals(Main.FAILED, tooShort.exitCode());
        assertTrue(
                tooShort.err().contains("entry 'k1' holds 8 bytes")
                        && !tooShort.err().contains(shortKey),
                tooShort.err());

        CliRun malformed = run(
                "list",
                "--from",
                to,
                "--signing-key-file",
                keyFile("current=k1\n" + KEY + "\n").toString());
        assertEquals(Main.FAILED, malformed.exitCode());
        assertTrue(
                malformed.err().contains("not a valid key id")
                        && !malformed.err().contains(KEY.substring(0, 12)),
                malformed.err());
        CliRun noEquals = run(
                "list",
                "--from",
                to,
                "--signing-key-file",
                keyFile("current=k1\nk1 " + KEY.replace("=", "") + "\n").toString());
        assertTrue(
                noEquals.err().contains("line 2 is not of the form")
                        && !noEquals.err().contains(KEY.substring(0, 12)),
                noEquals.err());

        CliRun missing = run(
                "list", "--from", to, "--signing-key-file", dir.resolve("none").toString());
        assertEquals(Main.FAILED, missing.exitCode());
        assertTrue(missing.err().contains("cannot be read"), missing.err());
    }

    @Test
    void theKeyFileMayComeFromTheEnvironment() throws Exception {
        SigningKeyOption option = new SigningKeyOption();
        assertNull(option.keys(Map.of()));
        Path file = keyFile("current=k2\nk1=" + KEY + "\nk2=" + TestKeys.newKey() + "\n");
        assertEquals(
                "k2", option.keys(Map.of(SigningKeyOption.ENV, file.toString())).currentId());
        option.file = keyFile("current=k1\nk1=" + KEY + "\n");
        assertEquals(
                "k1", option.keys(Map.of(SigningKeyOption.ENV, file.toString())).currentId(), "the flag wins");
        assertThrows(
                BackupException.class,
                () -> new SigningKeyOption()
                        .keys(Map.of(SigningKeyOption.ENV, dir.resolve("none").toString())));
    }
}
