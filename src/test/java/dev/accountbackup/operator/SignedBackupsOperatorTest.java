package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.SigningSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.Forger;
import dev.accountbackup.testing.TestPostgres;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** storage.signing through the operator: backups are signed, a forged backup fails the AccountRestore and changes nothing. */
class SignedBackupsOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("signed").withOperator(MockCluster::settings);

    @Test
    void aForgedBackupFailsTheRestoreAsNotTrustedAndLatestIsTheGenuineOne() throws Exception {
        cluster.secret(cluster.ns(), "backup-signing", Map.of("current", "k1", "k1", TestKeys.newKey()));
        DatabaseTarget db = TestPostgres.newAccountsDatabase(50);
        StorageSpec storage = Specs.filesystem(cluster.root());
        SigningSpec signing = new SigningSpec();
        signing.setKeySecret("backup-signing");
        storage.setSigning(signing);
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(), "nightly", Specs.database(db, "shop-db"), SampleAccounts.TABLES, storage))
                .create();
        AccountBackup done = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
        String genuine = done.getStatus().getBackupId();

        BackupLocation location = new BackupLocation(new FilesystemStore(cluster.root()), cluster.ns() + "/nightly");
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
        TestPostgres.execute(db, "DELETE FROM users WHERE id > 40");
        Map<String, String> before = TestPostgres.contents(db, "users", "id", "t::text");

        AccountRestore byId = Specs.restore(cluster.ns(), "forged", "nightly");
        byId.getSpec().setBackupId(forged);
        cluster.client.resource(byId).create();
        AccountRestoreStatus failed = awaitPhase("forged", Phase.Failed).getStatus();
        assertEquals(
                "BackupNotTrusted",
                Conditions.find(failed.getConditions(), Conditions.READY).getReason());
        assertTrue(
                failed.getMessage().contains("backup " + forged)
                        && failed.getMessage().contains("signature missing"),
                failed.getMessage());
        assertEquals(1, failed.getAttempts(), "not retried: a forged backup stays forged");
        assertEquals(before, TestPostgres.contents(db, "users", "id", "t::text"), "nothing was written");

        cluster.client
                .resource(Specs.restore(cluster.ns(), "latest", "nightly"))
                .create();
        AccountRestoreStatus restored = awaitPhase("latest", Phase.Succeeded).getStatus();
        assertEquals(genuine, restored.getBackupId());
        assertEquals(50, TestPostgres.contents(db, "users", "id", "t::text").size());
    }

    @Test
    void aSigningSecretWithAShortKeyFailsTheBackupWithoutShowingTheKey() {
        String shortKey = Base64.getEncoder()
                .encodeToString("sixteen byte key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        cluster.secret(cluster.ns(), "backup-signing", Map.of("current", "k1", "k1", shortKey));
        StorageSpec storage = Specs.filesystem(cluster.root());
        SigningSpec signing = new SigningSpec();
        signing.setKeySecret("backup-signing");
        storage.setSigning(signing);
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "nightly",
                        Specs.database(TestPostgres.newAccountsDatabase(5), "shop-db"),
                        SampleAccounts.TABLES,
                        storage))
                .create();

        AccountBackup failed = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed);
        String message = failed.getStatus().getMessage();
        assertTrue(
                message.contains("Secret 'backup-signing'") && message.contains("entry 'k1' holds 16 bytes"), message);
        assertTrue(!message.contains(shortKey) && !message.contains("sixteen"), message);
        assertEquals(
                "InvalidSpec",
                Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                        .getReason());
    }

    private AccountRestore awaitPhase(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), name),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
    }
}
