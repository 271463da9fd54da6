package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static dev.accountbackup.cli.CliRun.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Masked exports and masked, sampled restores as a user runs them from the command line. */
class MaskedCommandLineTest {

    private static final String RULES = """
            rules:
              public.users.email: email
              public.users.display_name: name
              public.users.password_hash: {constant: "$2b$10$masked"}
              public.user_identities.provider_email: email
              public.user_profiles.bio: redact
            """;

    @TempDir
    Path dir;

    @Test
    void aMaskedExportHoldsNoOriginalValueAndRestoresAsItIs() throws Exception {
        DatabaseTarget source = TestPostgres.newAccountsDatabase(50);
        Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
        Path salt = Files.writeString(dir.resolve("salt"), "a-salt-of-more-than-16-bytes\n");
        String to = dir.resolve("shared").toUri().toString();

        CliRun export = run(
                "export",
                "--database",
                url(source),
                "--tables",
                String.join(",", SampleAccounts.TABLES),
                "--to",
                to,
                "--mask",
                rules.toString(),
                "--mask-salt-file",
                salt.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().contains("public.users.email: email"), export.out());

        // the stored files hold no original e-mail: the data set can be shared
        String stored = decompressedFiles(dir.resolve("shared"));
        for (String email :
                TestPostgres.contents(source, "users", "t.id", "t.email").values()) {
            assertFalse(stored.contains(email), "an original e-mail is in the masked export");
        }
        DatabaseTarget target = TestPostgres.newDatabase();
        try (Connection c = TestPostgres.connect(target)) {
            SampleAccounts.createSchema(c);
        }
        CliRun verify = run("verify", "--from", to);
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        CliRun restore = run("restore", "--from", to, "--database", url(target), "--mode", "replace");
        assertEquals(0, restore.exitCode(), restore.err());

        Map<String, String> masked = TestPostgres.contents(target, "users", "t.id", "t.email");
        assertEquals(50, masked.size());
        assertTrue(
                masked.values().stream()
                        .allMatch(e -> e.matches("[a-z]+\\.[a-z]+\\.[0-9a-f]{16}@example\\.(com|org|net)")),
                masked.toString());
        // unmasked columns arrive exactly
        assertEquals(
                TestPostgres.contents(source, "users", "t.id", "t.settings::text"),
                TestPostgres.contents(target, "users", "t.id", "t.settings::text"));
    }

    @Test
    void aMaskedSampledRestoreReportsWhatItMaskedAndMarksTheTarget() throws Exception {
        DatabaseTarget source = TestPostgres.newAccountsDatabase(80);
        String from = dir.resolve("backups").toUri().toString();
        CliRun export = run(
                "export", "--database", url(source), "--tables", String.join(",", SampleAccounts.TABLES), "--to", from);
        assertEquals(0, export.exitCode(), export.err());
        Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
        Path salt = Files.writeString(dir.resolve("salt"), "a-salt-of-more-than-16-bytes");
        DatabaseTarget target = TestPostgres.newAccountsDatabase(80);

        CliRun restore = run(
                "restore",
                "--from",
                from,
                "--database",
                url(target),
                "--mode",
                "replace",
                "--no-safety-copy",
                "--mask",
                rules.toString(),
                "--mask-salt-file",
                salt.toString(),
                "--sample",
                "public.users=10");

        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains("a sample of 10 accounts"), restore.out());
        assertTrue(restore.out().contains("masked public.users.display_name: name"), restore.out());
        assertEquals(10, TestPostgres.rowCount(target, "public.users"));
        assertEquals(1, TestPostgres.rowCount(target, "public.account_backup_masked_restore"));
    }

    @Test
    void badRulesAndAMissingSaltAreClearErrors() throws Exception {
        DatabaseTarget source = TestPostgres.newAccountsDatabase(5);
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  public.users.emial: email\n");
        Path salt = Files.writeString(dir.resolve("salt"), "a-salt-of-more-than-16-bytes");
        Path shortSalt = Files.writeString(dir.resolve("short"), "short");
        String to = dir.resolve("out").toUri().toString();
        String tables = String.join(",", SampleAccounts.TABLES);

        CliRun unknown = run(
                "export",
                "--database",
                url(source),
                "--tables",
                tables,
                "--to",
                to,
                "--mask",
                rules.toString(),
                "--mask-salt-file",
                salt.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("column emial is not a column of public.users"), unknown.err());

        CliRun tooShort = run(
                "export",
                "--database",
                url(source),
                "--tables",
                tables,
                "--to",
                to,
                "--mask",
                rules.toString(),
                "--mask-salt-file",
                shortSalt.toString());
        assertEquals(1, tooShort.exitCode());
        assertTrue(tooShort.err().contains("shorter than 16 bytes"), tooShort.err());
        assertFalse(tooShort.err().contains("short\n"), "the salt is never printed");

        Path notYaml = Files.writeString(dir.resolve("bad.yaml"), "rules: [unclosed");
        CliRun bad = run(
                "export",
                "--database",
                url(source),
                "--tables",
                tables,
                "--to",
                to,
                "--mask",
                notYaml.toString(),
                "--mask-salt-file",
                salt.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("not valid YAML"), bad.err());
        assertFalse(
                Files.exists(dir.resolve("out"))
                        && Files.list(dir.resolve("out")).findAny().isPresent(),
                "nothing was written");
    }

    /** Every table file of the backups under {@code root}, decompressed, as one text. */
    private static String decompressedFiles(Path root) throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".zst")).toList()) {
                try (var in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(file))) {
                    all.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return all.toString();
    }
}
