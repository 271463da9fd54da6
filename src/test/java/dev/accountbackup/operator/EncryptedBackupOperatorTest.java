package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.EncryptionSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.FakeKms;
import dev.accountbackup.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** storage.encryption.keySecret through the operator: an AccountBackup writes encrypted files, an AccountRestore reads them back. */
class EncryptedBackupOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("encrypted").withOperator(MockCluster::settings);

    private DatabaseTarget db;
    private final String k1 = TestKeys.newKey();

    @BeforeEach
    void keysAndDatabase() {
        cluster.secret(cluster.ns(), "backup-keys", TestKeys.entries("k1", Map.of("k1", k1)));
        db = TestPostgres.newAccountsDatabase(80);
    }

    private StorageSpec encryptedStorage() {
        StorageSpec storage = Specs.filesystem(cluster.root());
        EncryptionSpec encryption = new EncryptionSpec();
        encryption.setKeySecret("backup-keys");
        storage.setEncryption(encryption);
        return storage;
    }

    private AccountBackup backUp(String name) {
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(), name, Specs.database(db, "shop-db"), SampleAccounts.TABLES, encryptedStorage()))
                .create();
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), name),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
    }

    private AccountRestore awaitPhase(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), name),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
    }

    @Test
    void anEncryptedBackupIsRestoredByAnAccountRestore() throws Exception {
        Map<String, String> before = TestPostgres.contents(db, "users", "id", "t::text");
        String email = TestPostgres.contents(db, "users", "id", "email").get("3");
        AccountBackup backup = backUp("nightly");

        Path folder = cluster.root()
                .resolve(cluster.ns())
                .resolve("nightly")
                .resolve(backup.getStatus().getBackupId());
        Manifest manifest = ManifestJson.fromTree(
                ManifestJson.readTree(Files.readAllBytes(folder.resolve(Manifest.FILE_NAME)), "test"), "test");
        assertEquals("k1", manifest.encryption().keyId());
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> !f.endsWith(Manifest.FILE_NAME)).toList()) {
                assertFalse(
                        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(email),
                        file + " shows an e-mail address");
            }
        }

        TestPostgres.execute(db, "DELETE FROM users WHERE id % 2 = 0");
        cluster.client.resource(Specs.restore(cluster.ns(), "undo", "nightly")).create();
        awaitPhase("undo", Phase.Succeeded);
        assertEquals(before, TestPostgres.contents(db, "users", "id", "t::text"));
    }

    @Test
    void aBackupUnderAKmsKeyIsRestoredWithTheKmsCredentialsOfTheNamespace() throws Exception {
        try (FakeKms kms = FakeKms.start()) {
            String key = kms.createKey("accounts");
            cluster.secret(
                    cluster.ns(),
                    "kms-user",
                    Map.of(
                            "accessKeyId",
                            FakeKms.CREDENTIALS.accessKeyId(),
                            "secretAccessKey",
                            FakeKms.CREDENTIALS.secretAccessKey()));
            StorageSpec storage = Specs.filesystem(cluster.root());
            EncryptionSpec encryption = new EncryptionSpec();
            encryption.setKmsKeyId(key);
            encryption.setRegion(FakeKms.REGION);
            encryption.setEndpoint(kms.endpoint().toString());
            encryption.setCredentialsSecret("kms-user");
            storage.setEncryption(encryption);
            cluster.client
                    .resource(Specs.backup(
                            cluster.ns(), "nightly", Specs.database(db, "shop-db"), SampleAccounts.TABLES, storage))
                    .create();
            AccountBackup backup = await().atMost(TIMEOUT)
                    .until(
                            () -> cluster.backup(cluster.ns(), "nightly"),
                            b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
            Path folder = cluster.root()
                    .resolve(cluster.ns())
                    .resolve("nightly")
                    .resolve(backup.getStatus().getBackupId());
            assertEquals(
                    key,
                    ManifestJson.fromTree(
                                    ManifestJson.readTree(
                                            Files.readAllBytes(folder.resolve(Manifest.FILE_NAME)), "test"),
                                    "test")
                            .encryption()
                            .keyId());

            Map<String, String> before = TestPostgres.contents(db, "users", "id", "t::text");
            TestPostgres.execute(db, "DELETE FROM users WHERE id % 2 = 0");
            cluster.client
                    .resource(Specs.restore(cluster.ns(), "undo", "nightly"))
                    .create();
            awaitPhase("undo", Phase.Succeeded);
            assertEquals(before, TestPostgres.contents(db, "users", "id", "t::text"));
            assertEquals(List.of("GenerateDataKey", "Decrypt"), kms.calls());
        }
    }

    @Test
    void aRestoreWhoseSecretLostTheBackupsKeyFailsNamingItAndWritesNothing() {
        backUp("nightly");
        cluster.secret(cluster.ns(), "backup-keys", TestKeys.entries("k2", Map.of("k2", TestKeys.newKey())));
        TestPostgres.execute(db, "DELETE FROM users WHERE id % 2 = 0");
        Map<String, String> lost = TestPostgres.contents(db, "users", "id", "t::text");

        cluster.client.resource(Specs.restore(cluster.ns(), "undo", "nightly")).create();
        String message = awaitPhase("undo", Phase.Failed).getStatus().getMessage();
        assertTrue(message.contains("key 'k1'"), message);
        assertFalse(message.contains(k1), "the status never shows a key");
        assertEquals(lost, TestPostgres.contents(db, "users", "id", "t::text"));
    }

    @Test
    void aKeySecretThatIsNotAKeySetFailsTheBackupWithoutShowingItsValues() {
        cluster.secret(cluster.ns(), "backup-keys", Map.of("current", "k1", "k1", "too-short-to-be-a-key"));
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "nightly",
                        Specs.database(db, "shop-db"),
                        SampleAccounts.TABLES,
                        encryptedStorage()))
                .create();
        AccountBackup failed = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed);
        String message = failed.getStatus().getMessage();
        assertTrue(message.contains("'k1'") && message.contains("backup-keys"), message);
        assertFalse(message.contains("too-short-to-be-a-key"), message);
    }
}
