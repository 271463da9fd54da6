package dev.accountbackup.operator.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.ObjectLockSpec;
import dev.accountbackup.api.S3StorageSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.ObjectLockPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The spec's storage reaches the engine as written: here, its Object Lock. */
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

        try (BackupStore store = new StorageResolver(null, TenantBoundary.defaults().withOperatorCredentialsNamespaces("shop"), Clock.systemUTC()).resolve("shop", spec).open()) {
            assertEquals(Optional.of(new ObjectLockPolicy(ObjectLock.Mode.GOVERNANCE, Duration.ofDays(14))), store.objectLockPolicy());
        }
        s3.setObjectLock(null);
        try (BackupStore store = new StorageResolver(null, TenantBoundary.defaults().withOperatorCredentialsNamespaces("shop"), Clock.systemUTC()).resolve("shop", spec).open()) {
            assertTrue(store.objectLockPolicy().isEmpty());
        }
    }
}
