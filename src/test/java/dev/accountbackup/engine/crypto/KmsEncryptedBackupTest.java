package dev.accountbackup.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.Restorer;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.FakeKms;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data keys made and opened by KMS (GenerateDataKey, Decrypt), against a stand-in for the KMS JSON API. */
class KmsEncryptedBackupTest {

    @TempDir
    Path dir;

    private FakeKms kms;
    private DatabaseTarget source;

    @BeforeEach
    void start() {
        kms = FakeKms.start();
        source = TestPostgres.newAccountsDatabase(40);
    }

    @AfterEach
    void stop() {
        kms.close();
    }

    private BackupLocation location(String keyArn) {
        return new BackupLocation(new FilesystemStore(dir), "accounts")
                .withKeyring(
                        new KmsKeyring(new KmsSettings(keyArn, FakeKms.REGION, kms.endpoint(), FakeKms.CREDENTIALS)));
    }

    private Manifest export(BackupLocation location, String backupId) {
        return new Exporter()
                .export(new ExportRequest(
                        source, SampleAccounts.TABLES, location, backupId, Compression.ZSTD, Map.of()));
    }

    private static void restore(BackupLocation location, String backupId, DatabaseTarget target) {
        new Restorer()
                .restore(RestoreRequest.of(location, backupId, target, List.of(), RestoreMode.REPLACE)
                        .build());
    }

    private static DatabaseTarget emptyAccounts() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(1);
        TestPostgres.execute(db, "TRUNCATE users, user_identities, user_profiles RESTART IDENTITY CASCADE");
        return db;
    }

    @Test
    void aBackupUnderAKmsKeyComesBackExactlyAndAfterMovingToANewKey() {
        String oldKey = kms.createKey("old");
        Manifest manifest = export(location(oldKey), "b1");
        assertEquals(Encryption.KMS_KEY, manifest.encryption().keyType());
        assertEquals(oldKey, manifest.encryption().keyId());
        assertEquals(List.of("GenerateDataKey"), kms.calls());

        String newKey = kms.createKey("new");
        DatabaseTarget target = emptyAccounts();
        restore(location(newKey), "b1", target);
        assertEquals(
                TestPostgres.contents(source, "users", "id", "t::text"),
                TestPostgres.contents(target, "users", "id", "t::text"));
        assertEquals(List.of("GenerateDataKey", "Decrypt"), kms.calls(), "one KMS call per backup, not per file");
    }

    @Test
    void aDisabledKeyOrAWrappedKeyMovedToAnotherBackupIsRefusedBeforeAnythingIsWritten() throws Exception {
        String key = kms.createKey("k");
        Manifest a = export(location(key), "a");
        Manifest b = export(location(key), "b");

        // b's files with a's wrapped data key: KMS refuses it for b's encryption context
        Manifest moved = new Manifest(
                b.formatVersion(),
                b.backupId(),
                b.startedAt(),
                b.completedAt(),
                b.source(),
                b.compression(),
                b.labels(),
                b.tables(),
                b.objectLock(),
                a.encryption());
        Files.write(dir.resolve("accounts/b").resolve(Manifest.FILE_NAME), ManifestJson.write(moved));
        DatabaseTarget target = emptyAccounts();
        BackupException e = assertThrows(BackupException.class, () -> restore(location(key), "b", target));
        assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());

        kms.disable(key);
        BackupException disabled = assertThrows(BackupException.class, () -> restore(location(key), "a", target));
        assertEquals(Kind.CLOUD_DENIED, disabled.kind());
        assertTrue(disabled.getMessage().contains(key), disabled.getMessage());
        assertTrue(TestPostgres.contents(target, "users", "id", "t::text").isEmpty(), "nothing was written");
    }

    @Test
    void anExportUnderAnUnknownKeyFailsBeforeWritingAFile() {
        String missing = "arn:aws:kms:" + FakeKms.REGION + ":111122223333:key/none";
        BackupException e = assertThrows(BackupException.class, () -> export(location(missing), "b1"));
        assertFalse(e.retryable());
        assertTrue(
                e.getMessage().contains("GenerateDataKey") || e.getMessage().contains("NotFoundException"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("accounts/b1")));
    }
}
