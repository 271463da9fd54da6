package dev.accountbackup.operator.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.EncryptionSpec;
import dev.accountbackup.api.ObjectLockSpec;
import dev.accountbackup.api.S3StorageSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.ObjectLockPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The spec's storage reaches the engine as written (here, its Object Lock), within the tenant boundary. */
class StorageResolverTest {

    @Test
    void theSpecsObjectLockBecomesTheStoresPolicy() {
        S3StorageSpec s3 = new S3StorageSpec();
        s3.setBucket("backups-locked");
        s3.setRegion("eu-west-3");
        ObjectLockSpec lock = new ObjectLockSpec();
        lock.setMode("GOVERNANCE");
        lock.setRetainFor("2w");
        s3.setObjectLock(lock);
        StorageSpec spec = new StorageSpec();
        spec.setS3(s3);

        try (BackupStore store = new StorageResolver(
                        null, TenantBoundary.defaults().withOperatorCredentialsNamespaces("shop"), Clock.systemUTC())
                .resolve("shop", spec)
                .open()) {
            assertEquals(
                    Optional.of(new ObjectLockPolicy(ObjectLock.Mode.GOVERNANCE, Duration.ofDays(14))),
                    store.objectLockPolicy());
        }
        s3.setObjectLock(null);
        try (BackupStore store = new StorageResolver(
                        null, TenantBoundary.defaults().withOperatorCredentialsNamespaces("shop"), Clock.systemUTC())
                .resolve("shop", spec)
                .open()) {
            assertTrue(store.objectLockPolicy().isEmpty());
        }
    }

    @Test
    void theOperatorsIdentitySignsKmsRequestsOnlyForTheEndpointItsConfigurationNames() {
        S3StorageSpec s3 = new S3StorageSpec();
        s3.setBucket("backups");
        EncryptionSpec encryption = new EncryptionSpec();
        encryption.setKmsKeyId("arn:aws:kms:eu-west-3:111122223333:key/k");
        encryption.setRegion("eu-west-3");
        encryption.setEndpoint("https://kms.attacker.example");
        StorageSpec spec = new StorageSpec();
        spec.setS3(s3);
        spec.setEncryption(encryption);
        StorageResolver resolver = new StorageResolver(
                null, TenantBoundary.defaults().withOperatorCredentialsNamespaces("shop"), Clock.systemUTC());

        BackupException refused = assertThrows(BackupException.class, () -> resolver.resolve("shop", spec));
        assertEquals(BackupException.Kind.INVALID, refused.kind());
        assertTrue(refused.getMessage().contains("encryption.endpoint"), refused.getMessage());

        BackupException noIdentity = assertThrows(
                BackupException.class,
                () -> new StorageResolver(null, TenantBoundary.defaults(), Clock.systemUTC()).resolve("other", spec));
        assertTrue(noIdentity.getMessage().contains("credentialsSecret"), noIdentity.getMessage());
    }
}
