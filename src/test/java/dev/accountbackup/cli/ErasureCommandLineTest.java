package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static dev.accountbackup.cli.CliRun.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.BackupPurge;
import dev.accountbackup.engine.erasure.ErasureEntry;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.PurgeOutcome;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.engine.verify.Verifier;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.ForwardingStore;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The right to be forgotten on the command line: an account recorded in the erasure ledger never
 * comes back through a restore, whatever the mode, and the output says how many rows were withheld.
 */
class ErasureCommandLineTest {

    private static final String TABLES = "users,user_identities,user_profiles";

    @TempDir
    Path dir;

    private Path backups;
    private Path hashKey;

    @BeforeEach
    void keys() throws Exception {
        backups = Files.createDirectories(dir.resolve("backups"));
        hashKey = dir.resolve("erasure.key");
        Files.writeString(hashKey, "# erasure hash key\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    }

    private Map<String, String> users(DatabaseTarget db) {
        return TestPostgres.contents(db, "users", "id", "t::text");
    }

    private Map<String, String> identities(DatabaseTarget db) {
        return TestPostgres.contents(db, "user_identities", "id", "t::text");
    }

    private Map<String, String> profiles(DatabaseTarget db) {
        return TestPostgres.contents(db, "user_profiles", "user_id", "t::text");
    }

    @Test
    void anErasedAccountStaysErasedWhenTheAccountsAroundItAreRestored() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(100);
        String to = exportedTo(db);

        // account 42 exercises the right to erasure: the application deletes it, the ledger records it
        CliRun erase = run(
                "erase",
                "--to",
                to,
                "--account",
                "public.users=42",
                "--reference",
                "DSR-2026-0042",
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, erase.exitCode(), erase.err());
        assertTrue(erase.out().startsWith("recorded erasure e-"), erase.out());
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 42");
        Map<String, String> usersAfterErasure = users(db);
        Map<String, String> identitiesAfterErasure = identities(db);
        Map<String, String> profilesAfterErasure = profiles(db);
        assertFalse(erase.out().contains("=42"), "the key is never printed");

        // the ledger names nobody: no key value in it
        try (Stream<Path> files = Files.walk(backups.resolve("_erasures"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertTrue(text.contains("DSR-2026-0042") && !text.contains("\"42\""), text);
            }
        }

        // recording the same request again writes nothing
        CliRun again = run(
                "erase",
                "--to",
                to,
                "--account",
                "public.users=42",
                "--reference",
                "DSR-2026-0042",
                "--hash-key-file",
                hashKey.toString());
        assertTrue(again.out().startsWith("already recorded erasure"), again.out());

        // a bug deletes 50 accounts, 42's former neighbours among them
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        assertEquals(50, TestPostgres.rowCount(db, "users"));

        CliRun dryRun = run(
                "restore",
                "--from",
                to,
                "--database",
                url(db),
                "--dry-run",
                "--output",
                "json",
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        assertEquals(49, dryRun.json().get("tables").get(0).get("inserted").asLong());
        assertEquals(1, dryRun.json().get("erasures").get("accountsWithheld").asInt());
        assertEquals(
                1,
                dryRun.json()
                        .get("erasures")
                        .get("rowsWithheld")
                        .get("public.users")
                        .asLong());

        CliRun restore = run(
                "restore",
                "--from",
                to,
                "--database",
                url(db),
                "--mode",
                "replace",
                "--no-safety-copy",
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains("1 erased account(s) withheld"), restore.out());
        assertTrue(
                restore.out().matches("(?s).*public\\.users\\s+1 row\\(s\\) withheld because of erasures.*"),
                restore.out());
        assertEquals(usersAfterErasure, users(db), "49 accounts back, 42 not");
        assertEquals(identitiesAfterErasure, identities(db), "with their identities, and none of 42's");
        assertEquals(profilesAfterErasure, profiles(db));
    }

    @Test
    void aRestoreFromAFolderWithErasuresNeedsTheHashKeyOrAnExplicitIgnore() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        String to = exportThenErase(db, "public.users=4");
        TestPostgres.execute(db, "DELETE FROM users");

        CliRun noKey = run("restore", "--from", to, "--database", url(db), "--hash-key-file", "");
        assertEquals(1, noKey.exitCode(), noKey.out());
        assertTrue(noKey.err().contains("needs the erasure hash key"), noKey.err());

        Path otherKey = dir.resolve("other.key");
        byte[] other = new byte[32];
        other[0] = 1;
        Files.writeString(otherKey, Base64.getEncoder().encodeToString(other));
        CliRun wrongKey = run("restore", "--from", to, "--database", url(db), "--hash-key-file", otherKey.toString());
        assertEquals(1, wrongKey.exitCode(), wrongKey.out());
        assertTrue(wrongKey.err().contains("another erasure hash key"), wrongKey.err());
        assertEquals(0, TestPostgres.rowCount(db, "users"), "nothing restored");

        CliRun ignored = run("restore", "--from", to, "--database", url(db), "--ignore-erasures");
        assertEquals(0, ignored.exitCode(), ignored.err());
        assertTrue(ignored.out().contains("warning: erasures ignored"), ignored.out());
        assertEquals(10, TestPostgres.rowCount(db, "users"));
    }

    @Test
    void aTamperedLedgerStopsEveryRestore() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        String to = exportThenErase(db, "public.users=4");
        Path entry;
        try (Stream<Path> files = Files.list(backups.resolve("_erasures"))) {
            entry = files.findFirst().orElseThrow();
        }
        // someone drops the hash of account 4 for that of another key: the checksum no longer matches
        String text = Files.readString(entry);
        Files.writeString(entry, text.replaceFirst("\"[0-9a-f]{64}\"", "\"" + "0".repeat(64) + "\""));
        TestPostgres.execute(db, "DELETE FROM users");

        CliRun restore = run("restore", "--from", to, "--database", url(db), "--hash-key-file", hashKey.toString());
        assertEquals(1, restore.exitCode(), restore.out());
        assertTrue(
                restore.err().contains("erasure ledger file") && restore.err().contains("fails its check"),
                restore.err());
        assertEquals(0, TestPostgres.rowCount(db, "users"), "nothing restored");
    }

    @Test
    void purgeRewritesEveryBackupWithoutTheErasedAccountAndLeavesTheOthersIntact() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(100);
        String to = backups.toUri().toString();
        Path keys = dir.resolve("backup.keys");
        Files.writeString(keys, "current=k1\nk1=" + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        for (int i = 0; i < 2; i++) {
            CliRun export = run(
                    "export",
                    "--database",
                    url(db),
                    "--tables",
                    TABLES,
                    "--to",
                    to,
                    "--encryption-key-file",
                    keys.toString(),
                    "--output",
                    "json");
            assertEquals(0, export.exitCode(), export.err());
            Thread.sleep(1100); // backup ids are made of the second
        }
        String email = TestPostgres.contents(db, "users", "id", "email").get("42");
        String username = TestPostgres.contents(db, "users", "id", "username").get("42");
        String providerEmail = TestPostgres.contents(db, "user_identities", "user_id", "provider_email")
                .get("42");
        TestPostgres.execute(db, "DELETE FROM users WHERE id = 42");
        Map<String, String> usersLeft = users(db);
        Map<String, String> identitiesLeft = identities(db);
        Map<String, String> profilesLeft = profiles(db);

        CliRun erase = run(
                "erase",
                "--to",
                to,
                "--account",
                "public.users=42",
                "--reference",
                "DSR-2026-0042",
                "--purge",
                "--encryption-key-file",
                keys.toString(),
                "--hash-key-file",
                hashKey.toString(),
                "--output",
                "json");
        assertEquals(0, erase.exitCode(), erase.err() + erase.out());
        JsonNode outcomes = erase.json().get("backups");
        assertEquals(2, outcomes.size());
        for (JsonNode o : outcomes) {
            assertEquals("PURGED", o.get("state").asText(), o.toString());
            assertEquals(1, o.get("rowsRemoved").get("public.users").asLong());
            assertEquals(1, o.get("rowsRemoved").get("public.user_profiles").asLong());
        }

        // no stored file holds any of 42's values any more, decrypted and decompressed
        for (JsonNode o : outcomes) {
            String id = o.get("backupId").asText();
            for (String table : TABLES.split(",")) {
                Path out = dir.resolve(id + "-" + table + ".jsonl.zst");
                CliRun decrypt = run(
                        "decrypt",
                        "--from",
                        to,
                        "--backup",
                        id,
                        "--table",
                        "public." + table,
                        "--out",
                        out.toString(),
                        "--encryption-key-file",
                        keys.toString());
                assertEquals(0, decrypt.exitCode(), decrypt.err());
                String rows;
                try (var in = Compression.ZSTD.decompress(Files.newInputStream(out))) {
                    rows = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                assertFalse(rows.contains(email) || rows.contains(username) || rows.contains(providerEmail), table);
                assertFalse(rows.contains(table.equals("users") ? "{\"id\":42," : "\"user_id\":42,"), table);
            }
            CliRun verify = run("verify", "--from", to, "--backup", id, "--encryption-key-file", keys.toString());
            assertEquals(0, verify.exitCode(), verify.out());
            try (Stream<Path> files = Files.list(backups.resolve(id))) {
                assertEquals(4, files.count(), "the replaced files are gone: three tables and the manifest");
            }
        }

        // the other accounts are exactly as they were: a restore into an empty database gives them back whole
        DatabaseTarget empty = TestPostgres.newDatabase();
        try (var c = TestPostgres.connect(empty)) {
            SampleAccounts.createSchema(c);
        }
        CliRun restore = run(
                "restore",
                "--from",
                to,
                "--database",
                url(empty),
                "--encryption-key-file",
                keys.toString(),
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, restore.exitCode(), restore.err());
        assertEquals(usersLeft, users(empty));
        assertEquals(identitiesLeft, identities(empty));
        assertEquals(profilesLeft, profiles(empty));

        CliRun again = run(
                "erase",
                "--to",
                to,
                "--account",
                "public.users=42",
                "--reference",
                "DSR-2026-0042",
                "--purge",
                "--encryption-key-file",
                keys.toString(),
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(2, again.out().split("already purged", -1).length - 1, again.out());

        // the evidence for an auditor: the request, and both backups purged of it
        CliRun report = run("report", "--from", to, "--erasures", "--encryption-key-file", keys.toString());
        assertEquals(0, report.exitCode(), report.err() + report.out());
        assertTrue(report.out().contains("1 account(s) of public.users, recorded "), report.out());
        assertTrue(report.out().contains("reference DSR-2026-0042"), report.out());
        assertEquals(2, report.out().split("purged from backup ", -1).length - 1, report.out());
        assertFalse(report.out().contains("may hold the data"), report.out());
        assertFalse(report.out().contains(email), report.out());
    }

    @Test
    void aPurgeCutShortLeavesEveryBackupVerifiableAndTheNextRunFinishesIt() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(30);
        String to = exportedTo(db);
        ErasureHasher hasher = new ErasureHasher(new byte[32], "test");
        try (FilesystemStore real = new FilesystemStore(backups)) {
            ErasureLedger ledger = new ErasureLedger(real, "", new ManifestSigner(null), Clock.systemUTC());
            ErasureEntry entry = ledger.append("public.users", List.of(hasher.hash("7")), "DSR-7", hasher.keyCheck())
                    .entry();

            // the disk fills up after the first new file: the old manifest and files stay
            AtomicInteger created = new AtomicInteger();
            ForwardingStore full = new ForwardingStore(real) {
                @Override
                public StoreOutput create(String key) throws IOException {
                    if (created.incrementAndGet() > 1) {
                        throw new IOException("No space left on device");
                    }
                    return super.create(key);
                }
            };
            List<PurgeOutcome> cut =
                    new BackupPurge(new BackupLocation(full, ""), Clock.systemUTC()).purge(entry, hasher);
            assertEquals(PurgeOutcome.State.FAILED, cut.get(0).state());
            assertTrue(new Verifier()
                    .verify(new BackupLocation(real, ""), "latest")
                    .ok());

            // the new manifest is written, then deleting the old files fails: the new backup verifies
            ForwardingStore noDeletes = new ForwardingStore(real) {
                @Override
                public void delete(String key) throws IOException {
                    throw new IOException("connection reset");
                }
            };
            List<PurgeOutcome> half =
                    new BackupPurge(new BackupLocation(noDeletes, ""), Clock.systemUTC()).purge(entry, hasher);
            assertEquals(PurgeOutcome.State.FAILED, half.get(0).state());
            assertTrue(new Verifier()
                    .verify(new BackupLocation(real, ""), "latest")
                    .ok());

            // the next run sees the purge in the manifest and deletes what is left of the old files
            List<PurgeOutcome> done =
                    new BackupPurge(new BackupLocation(real, ""), Clock.systemUTC()).purge(entry, hasher);
            assertEquals(PurgeOutcome.State.ALREADY_PURGED, done.get(0).state());
            try (Stream<Path> files = Files.list(backups.resolve(done.get(0).backupId()))) {
                assertEquals(
                        4,
                        files.filter(p -> !p.getFileName().toString().startsWith("."))
                                .count());
            }
            assertTrue(new Verifier()
                    .verify(new BackupLocation(real, ""), "latest")
                    .ok());
        }
    }

    /** Exports {@code db}'s account tables into the test's backup folder, whose URI it returns. */
    private String exportedTo(DatabaseTarget db) {
        String to = backups.toUri().toString();
        assertEquals(
                0,
                run("export", "--database", url(db), "--tables", TABLES, "--to", to)
                        .exitCode());
        return to;
    }

    /** Exports, then records {@code account} as erased in the folder's ledger. */
    private String exportThenErase(DatabaseTarget db, String account) {
        String to = exportedTo(db);
        assertEquals(
                0,
                run("erase", "--to", to, "--account", account, "--hash-key-file", hashKey.toString())
                        .exitCode());
        return to;
    }
}
