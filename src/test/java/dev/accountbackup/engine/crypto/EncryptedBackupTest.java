package dev.accountbackup.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Encryption;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.restore.Restorer;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.S3Settings;
import dev.accountbackup.engine.storage.S3Store;
import dev.accountbackup.engine.verify.FileCheck;
import dev.accountbackup.engine.verify.Verifier;
import dev.accountbackup.engine.verify.VerifyReport;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups encrypted client-side with a key set (a Secret or a key file): exact round trips on the
 * file system and S3, no plaintext in storage, and every way a key or a file can be wrong refused
 * before a row is written.
 */
class EncryptedBackupTest {

    private static final Map<String, String> ID_KEYS =
            Map.of("public.users", "id", "public.user_identities", "id", "public.user_profiles", "user_id");

    @TempDir
    Path dir;

    private final String k1 = TestKeys.newKey();
    private DatabaseTarget source;
    private String knownEmail;

    @BeforeEach
    void accounts() {
        source = TestPostgres.newAccountsDatabase(120);
        knownEmail = TestPostgres.contents(source, "users", "id", "email").get("7");
    }

    private BackupLocation filesystem(SecretKeyring keys) {
        BackupLocation plain = new BackupLocation(new FilesystemStore(dir), "ns/accounts");
        return keys == null ? plain : plain.withKeyring(keys);
    }

    private Manifest export(BackupLocation location, String backupId) {
        return new Exporter()
                .export(new ExportRequest(
                        source, SampleAccounts.TABLES, location, backupId, Compression.ZSTD, Map.of()));
    }

    private static RestoreResult restore(BackupLocation location, String backupId, DatabaseTarget target) {
        return new Restorer()
                .restore(RestoreRequest.of(location, backupId, target, List.of(), RestoreMode.REPLACE)
                        .build());
    }

    private static Map<String, Map<String, String>> everything(DatabaseTarget db) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        ID_KEYS.forEach((table, key) -> all.put(table, TestPostgres.contents(db, table, key, "t::text")));
        return all;
    }

    private static DatabaseTarget emptyAccounts() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(1);
        TestPostgres.execute(db, "TRUNCATE users, user_identities, user_profiles RESTART IDENTITY CASCADE");
        return db;
    }

    @Test
    void aFilesystemBackupComesBackExactlyAndItsFilesHoldNoPlaintext() throws Exception {
        BackupLocation location = filesystem(TestKeys.keyring("k1", Map.of("k1", k1)));
        Manifest manifest = export(location, "b1");

        Encryption encryption = manifest.encryption();
        assertNotNull(encryption);
        assertEquals(Encryption.STREAMING_AES256_GCM_HKDF_1MB, encryption.algorithm());
        assertEquals(Encryption.SECRET_KEY, encryption.keyType());
        assertEquals("k1", encryption.keyId());
        assertEquals(Manifest.ENCRYPTED_FORMAT_VERSION, manifest.formatVersion());
        String manifestText = Files.readString(dir.resolve("ns/accounts/b1/manifest.json"));
        assertFalse(manifestText.contains(k1), "the manifest never holds the key");

        for (TableEntry table : manifest.tables()) {
            byte[] stored = Files.readAllBytes(dir.resolve("ns/accounts/b1").resolve(table.file()));
            assertEquals(table.bytes(), stored.length, "the manifest's size is that of the stored, encrypted file");
            assertEquals(
                    table.sha256(),
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
            assertFalse(startsWithZstdMagic(stored), table.file() + " is not a bare zstd stream");
            assertFalse(
                    new String(stored, StandardCharsets.ISO_8859_1).contains(knownEmail),
                    table.file() + " shows an e-mail address");
        }

        DatabaseTarget target = emptyAccounts();
        restore(location, "b1", target);
        assertEquals(everything(source), everything(target));
    }

    @Test
    void anS3BackupAndItsSafetyCopyAreEncryptedAndComeBackExactly() throws Exception {
        String bucket = TestS3.newBucket();
        SecretKeyring keys = TestKeys.keyring("k1", Map.of("k1", k1));
        try (BackupStore store = new S3Store(new S3Settings(
                bucket,
                "backups",
                TestS3.REGION,
                TestS3.endpoint(),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                null))) {
            BackupLocation location = new BackupLocation(store, "ns/accounts").withKeyring(keys);
            Manifest manifest = export(location, "b1");
            for (TableEntry table : manifest.tables()) {
                byte[] stored;
                try (InputStream in = store.open(location.key("b1", table.file()))) {
                    stored = in.readAllBytes();
                }
                assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(knownEmail));
            }
            Map<String, Map<String, String>> backedUp = everything(source);
            TestPostgres.execute(source, "UPDATE users SET display_name = 'changed' WHERE id <= 5");
            Map<String, Map<String, String>> changed = everything(source);

            BackupLocation safety = location.sibling("ns/restore-x");
            RestoreResult result = new Restorer()
                    .restore(RestoreRequest.of(location, "b1", source, List.of(), RestoreMode.UPSERT)
                            .safetyCopyTo(safety)
                            .build());
            assertEquals(backedUp, everything(source));
            assertNotNull(result.safetyBackupId());
            Manifest copy = safety.readManifest(result.safetyBackupId());
            assertEquals("k1", copy.encryption().keyId(), "the safety copy is encrypted like the backups");

            DatabaseTarget target = emptyAccounts();
            restore(safety, result.safetyBackupId(), target);
            assertEquals(changed.get("public.users"), everything(target).get("public.users"));
        }
    }

    @Test
    void withoutTheKeyTheRestoreNamesTheKeyItNeedsAndWritesNothing() {
        export(filesystem(TestKeys.keyring("k1", Map.of("k1", k1))), "b1");
        DatabaseTarget target = emptyAccounts();

        BackupException noKeys = assertThrows(BackupException.class, () -> restore(filesystem(null), "b1", target));
        assertEquals(Kind.INVALID, noKeys.kind());
        assertTrue(noKeys.getMessage().contains("key 'k1'"), noKeys.getMessage());

        SecretKeyring others = TestKeys.keyring("k2", Map.of("k2", TestKeys.newKey()));
        BackupException missing = assertThrows(BackupException.class, () -> restore(filesystem(others), "b1", target));
        assertEquals(Kind.INVALID, missing.kind());
        assertTrue(missing.getMessage().contains("key 'k1'"), missing.getMessage());
        assertFalse(missing.getMessage().contains(k1));
        assertTrue(everything(target).values().stream().allMatch(Map::isEmpty), "nothing was written");
    }

    @Test
    void aWrongKeyUnderTheRightIdIsRefusedBeforeAnythingIsWritten() {
        export(filesystem(TestKeys.keyring("k1", Map.of("k1", k1))), "b1");
        DatabaseTarget target = emptyAccounts();
        SecretKeyring wrong = TestKeys.keyring("k1", Map.of("k1", TestKeys.newKey()));

        BackupException e = assertThrows(BackupException.class, () -> restore(filesystem(wrong), "b1", target));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("'k1'") && e.getMessage().contains("does not open"), e.getMessage());
        assertTrue(everything(target).values().stream().allMatch(Map::isEmpty), "nothing was written");
    }

    @Test
    void afterARotationOldBackupsStayRestorableWhileTheirKeyIsKept() {
        export(filesystem(TestKeys.keyring("k1", Map.of("k1", k1))), "made-under-k1");
        String k2 = TestKeys.newKey();
        SecretKeyring rotated = TestKeys.keyring("k2", Map.of("k1", k1, "k2", k2));
        assertEquals(
                "k2",
                export(filesystem(rotated), "made-under-k2").encryption().keyId(),
                "new backups use the current key");

        for (String backup : List.of("made-under-k1", "made-under-k2")) {
            DatabaseTarget target = emptyAccounts();
            restore(filesystem(rotated), backup, target);
            assertEquals(everything(source), everything(target), backup);
        }

        SecretKeyring k1Removed = TestKeys.keyring("k2", Map.of("k2", k2));
        BackupException e = assertThrows(
                BackupException.class, () -> restore(filesystem(k1Removed), "made-under-k1", emptyAccounts()));
        assertTrue(e.getMessage().contains("key 'k1'"), e.getMessage());
        restore(filesystem(k1Removed), "made-under-k2", emptyAccounts());
    }

    @Test
    void aFileSwappedBetweenTwoBackupsIsRefusedEvenWithTheManifestAdjusted() throws Exception {
        BackupLocation location = filesystem(TestKeys.keyring("k1", Map.of("k1", k1)));
        Manifest a = export(location, "a");
        export(location, "b");
        String usersFile = a.tables().get(0).file();
        Files.copy(
                dir.resolve("ns/accounts/b").resolve(usersFile),
                dir.resolve("ns/accounts/a").resolve(usersFile),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertRefusedAsDamaged(location, "a");
        describeStoredFilesInManifest(location, a);
        assertRefusedAsDamaged(location, "a");
        assertEquals(
                FileCheck.Problem.UNREADABLE,
                new Verifier().verify(location, "a").problems().get(0).problem());
    }

    @Test
    void aFileMovedToAnotherTableOfTheSameBackupIsRefused() throws Exception {
        BackupLocation location = filesystem(TestKeys.keyring("k1", Map.of("k1", k1)));
        Manifest a = export(location, "a");
        Path folder = dir.resolve("ns/accounts/a");
        // same key, other name: only the file name in the associated data tells them apart
        Files.copy(
                folder.resolve(a.tables().get(2).file()),
                folder.resolve(a.tables().get(1).file()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        describeStoredFilesInManifest(location, a);
        assertRefusedAsDamaged(location, "a");
    }

    @Test
    void aTruncatedOrBitFlippedFileIsRefusedAndNothingIsWritten() throws Exception {
        BackupLocation location = filesystem(TestKeys.keyring("k1", Map.of("k1", k1)));
        Manifest manifest = export(location, "b1");
        Path users =
                dir.resolve("ns/accounts/b1").resolve(manifest.tables().get(0).file());
        byte[] original = Files.readAllBytes(users);

        byte[] flipped = original.clone();
        flipped[flipped.length / 2] ^= 0x01;
        Files.write(users, flipped);
        assertRefusedAsDamaged(location, "b1");
        describeStoredFilesInManifest(location, manifest);
        assertRefusedAsDamaged(location, "b1");

        Files.write(users, java.util.Arrays.copyOf(original, original.length - 100));
        assertRefusedAsDamaged(location, "b1");
        describeStoredFilesInManifest(location, manifest);
        assertRefusedAsDamaged(location, "b1");
        VerifyReport report = new Verifier().verify(location, "b1");
        assertEquals(FileCheck.Problem.UNREADABLE, report.problems().get(0).problem());
        assertTrue(
                report.problems().get(0).detail().contains("does not decrypt"),
                report.problems().get(0).detail());
    }

    @Test
    void verifyChecksChecksumsWithoutTheKeyAndRowsWithIt() throws Exception {
        BackupLocation location = filesystem(TestKeys.keyring("k1", Map.of("k1", k1)));
        Manifest manifest = export(location, "b1");

        VerifyReport withKey = new Verifier().verify(location, "b1");
        assertTrue(withKey.ok(), withKey.summary());
        assertEquals(manifest.tables().get(0).rows(), withKey.files().get(0).actualRows());

        VerifyReport withoutKey = new Verifier().verify(filesystem(null), "b1");
        assertTrue(withoutKey.ok(), withoutKey.summary());
        assertEquals(-1, withoutKey.files().get(0).actualRows());
        assertTrue(withoutKey.summary().contains("rows not counted"), withoutKey.summary());

        Path users =
                dir.resolve("ns/accounts/b1").resolve(manifest.tables().get(0).file());
        byte[] stored = Files.readAllBytes(users);
        stored[10] ^= 0x01;
        Files.write(users, stored);
        assertEquals(
                FileCheck.Problem.CHECKSUM_MISMATCH,
                new Verifier().verify(filesystem(null), "b1").problems().get(0).problem());
    }

    @Test
    void aBackupWithoutEncryptionStillRestoresWhenKeysAreConfigured() {
        export(filesystem(null), "plain");
        DatabaseTarget target = emptyAccounts();
        restore(filesystem(TestKeys.keyring("k1", Map.of("k1", k1))), "plain", target);
        assertEquals(everything(source), everything(target));
    }

    private void assertRefusedAsDamaged(BackupLocation location, String backupId) {
        DatabaseTarget target = emptyAccounts();
        BackupException e = assertThrows(BackupException.class, () -> restore(location, backupId, target));
        assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());
        assertTrue(everything(target).values().stream().allMatch(Map::isEmpty), "nothing was written");
    }

    /** What a bucket writer could do without the key: make the manifest's sizes and checksums match the files as stored now. */
    private void describeStoredFilesInManifest(BackupLocation location, Manifest manifest) throws Exception {
        Path folder = dir.resolve(location.path()).resolve(manifest.backupId());
        List<TableEntry> tables = new ArrayList<>();
        for (TableEntry t : manifest.tables()) {
            byte[] stored = Files.readAllBytes(folder.resolve(t.file()));
            tables.add(new TableEntry(
                    t.schema(),
                    t.name(),
                    t.file(),
                    t.rows(),
                    stored.length,
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(stored)),
                    t.primaryKey(),
                    t.columns()));
        }
        Manifest edited = new Manifest(
                manifest.formatVersion(),
                manifest.backupId(),
                manifest.startedAt(),
                manifest.completedAt(),
                manifest.source(),
                manifest.compression(),
                manifest.labels(),
                tables,
                manifest.objectLock(),
                manifest.encryption());
        Files.write(folder.resolve(Manifest.FILE_NAME), ManifestJson.write(edited));
    }

    private static boolean startsWithZstdMagic(byte[] b) {
        return b.length >= 4
                && (b[0] & 0xff) == 0x28
                && (b[1] & 0xff) == 0xb5
                && (b[2] & 0xff) == 0x2f
                && (b[3] & 0xff) == 0xfd;
    }
}
