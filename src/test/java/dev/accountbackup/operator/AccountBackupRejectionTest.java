package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.FilesystemStorageSpec;
import dev.accountbackup.api.ObjectLockSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Specs and Secrets the operator must refuse before any export starts: each ends Failed at once
 * with a message that says what to fix, a Warning event, no retries, and no secret values anywhere.
 */
class AccountBackupRejectionTest {

    private static final String PASSWORD = "pw-7f3a9c-never-shown";
    private static final DatabaseTarget DB = new DatabaseTarget("db.example.internal", 5432, "shop", "app", null, null);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("reject").withOperatorForTheClass(MockCluster::settings);

    @Test
    void backupWithoutTablesFails() {
        assertRejected(b -> b.getSpec().setTables(List.of()), "tables must list at least one table");
    }

    @Test
    void backupWithBothStorageKindsFails() {
        assertRejected(
                b -> b.getSpec()
                        .getStorage()
                        .setS3(Specs.s3("bucket", null, null, null).getS3()),
                "storage must set exactly one of s3 and filesystem");
    }

    @Test
    void backupWithoutStorageKindFails() {
        assertRejected(
                b -> b.getSpec().getStorage().setFilesystem(null), "storage must set exactly one of s3 and filesystem");
    }

    @Test
    void backupToRelativePathFails() {
        assertRejected(
                b -> {
                    FilesystemStorageSpec fs = new FilesystemStorageSpec();
                    fs.setPath("backups/here");
                    b.getSpec().getStorage().setFilesystem(fs);
                },
                "storage.filesystem.path 'backups/here' must be an absolute path");
    }

    @Test
    void aBackoffLimitBeyondTheMaximumFails() {
        assertRejected(
                b -> b.getSpec().setBackoffLimit(Integer.MAX_VALUE),
                "backoffLimit 2147483647 is not between 0 and 100");
        assertRejected(b -> b.getSpec().setBackoffLimit(101), "backoffLimit 101 is not between 0 and 100");
    }

    @Test
    void aParallelismOutsideOneToSixteenFails() {
        assertRejected(b -> b.getSpec().setParallelism(0), "parallelism 0 is not between 1 and 16");
        assertRejected(b -> b.getSpec().setParallelism(17), "parallelism 17 is not between 1 and 16");
    }

    @Test
    void unknownCompressionFails() {
        assertRejected(b -> b.getSpec().setCompression("lz4"), "compression 'lz4' is not one of zstd, gzip");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        AccountBackup failed = assertRejected(
                b -> {
                    b.getSpec().setTables(List.of());
                    b.getSpec().getDatabase().setHost(" ");
                    b.getSpec().getDatabase().setSslMode("always");
                },
                "database.host is required");
        assertTrue(failed.getStatus().getMessage().contains("tables must list at least one table"));
        assertTrue(failed.getStatus().getMessage().contains("database.sslMode 'always' is not one of"));
    }

    @Test
    void aWrongObjectLockIsRefusedNamingEachField() {
        AccountBackup failed = assertRejected(
                b -> {
                    b.getSpec().setStorage(Specs.s3("bucket", null, null, null));
                    ObjectLockSpec lock = new ObjectLockSpec();
                    lock.setMode("WORM");
                    b.getSpec().getStorage().getS3().setObjectLock(lock);
                },
                "storage.s3.objectLock.mode \"WORM\" is not one of GOVERNANCE, COMPLIANCE");
        assertEquals(0, failed.getStatus().getAttempts());
        assertRejected(
                b -> {
                    b.getSpec().setStorage(Specs.s3("bucket", null, null, null));
                    ObjectLockSpec lock = new ObjectLockSpec();
                    lock.setMode("COMPLIANCE");
                    lock.setRetainFor("0");
                    b.getSpec().getStorage().getS3().setObjectLock(lock);
                },
                "storage.s3.objectLock.retainFor \"0\" is shorter than one day");
    }

    @Test
    void invalidSecretNameFails() {
        assertRejected(
                b -> b.getSpec().getDatabase().setCredentialsSecret("Shop_DB"),
                "database.credentialsSecret 'Shop_DB' is not a valid Secret name");
    }

    @Test
    void aMissingSecretIsWaitedFor() {
        assertWaitingForSecret(
                b -> b.getSpec().getDatabase().setCredentialsSecret("no-such-secret"),
                "Secret 'no-such-secret' not found in namespace '");
    }

    @Test
    void aSecretWithoutPasswordKeyIsWaitedFor() {
        assertWaitingForSecret(
                b -> {
                    String ns = b.getMetadata().getNamespace();
                    cluster.secret(ns, "partial", Map.of("username", "app", "pasword", PASSWORD));
                    b.getSpec().getDatabase().setCredentialsSecret("partial");
                },
                "Secret 'partial' in namespace '%s' has no key 'password'");
    }

    @Test
    void anS3SecretWithoutSecretAccessKeyIsWaitedFor() {
        assertWaitingForSecret(
                b -> {
                    String ns = b.getMetadata().getNamespace();
                    cluster.secret(ns, "aws", Map.of("accessKeyId", "AKIAEXAMPLE"));
                    b.getSpec().setStorage(Specs.s3("backups", "accounts", null, "aws"));
                },
                "Secret 'aws' in namespace '%s' has no key 'secretAccessKey'");
    }

    /**
     * Creates a valid backup changed by {@code breakIt}, then checks it waits, Pending, for the Secret: with GitOps the
     * Secret is often applied after the resource. Without writing its status again and again.
     */
    private void assertWaitingForSecret(Consumer<AccountBackup> breakIt, String expectedMessage) {
        String ns = create(breakIt);
        AccountBackup waiting = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> cluster.backup(ns, "nightly"),
                        b -> b.getStatus() != null
                                && b.getStatus().getPhase() == Phase.Pending
                                && b.getStatus().getMessage() != null);
        String expected = expectedMessage.contains("%s") ? String.format(expectedMessage, ns) : expectedMessage;
        assertTrue(
                waiting.getStatus().getMessage().startsWith("waiting for a Secret: "),
                waiting.getStatus().getMessage());
        assertTrue(
                waiting.getStatus().getMessage().contains(expected),
                waiting.getStatus().getMessage());
        assertEquals(0, waiting.getStatus().getAttempts(), "nothing was attempted");
        assertEquals(
                "SecretMissing",
                Conditions.find(waiting.getStatus().getConditions(), Conditions.READY)
                        .getReason());
        Event event = await().until(() -> cluster.events(ns, "nightly"), e -> !e.isEmpty())
                .get(0);
        assertEquals("Warning", event.getType());
        assertEquals("WaitingForSecret", event.getReason());

        // looked at again every poll interval, with nothing written while nothing changes
        String version = waiting.getMetadata().getResourceVersion();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .until(() -> cluster.backup(ns, "nightly")
                        .getMetadata()
                        .getResourceVersion()
                        .equals(version));
        assertEquals(1, cluster.events(ns, "nightly").size());
    }

    private String create(Consumer<AccountBackup> breakIt) {
        String ns = cluster.newNamespace();
        cluster.secret(ns, "shop-db", Map.of("username", "app", "password", PASSWORD));
        AccountBackup backup = Specs.backup(
                ns,
                "nightly",
                Specs.database(DB, "shop-db"),
                List.of("public.users"),
                Specs.filesystem(cluster.root()));
        breakIt.accept(backup);
        cluster.client.resource(backup).create();
        return ns;
    }

    /** Creates a valid backup changed by {@code breakIt}, then checks the rejection. */
    private AccountBackup assertRejected(Consumer<AccountBackup> breakIt, String expectedMessage) {
        String ns = create(breakIt);

        AccountBackup failed = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> cluster.backup(ns, "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed);
        String expected = expectedMessage.contains("%s") ? String.format(expectedMessage, ns) : expectedMessage;
        assertTrue(
                failed.getStatus().getMessage().contains(expected),
                failed.getStatus().getMessage());
        assertEquals(0, failed.getStatus().getAttempts(), "nothing was attempted");
        assertEquals(failed.getMetadata().getGeneration(), failed.getStatus().getObservedGeneration());
        assertNotNull(failed.getStatus().getCompletedAt());
        Condition ready = Conditions.find(failed.getStatus().getConditions(), Conditions.READY);
        assertEquals("False", ready.getStatus());
        assertEquals("InvalidSpec", ready.getReason());
        assertEquals(failed.getMetadata().getGeneration(), ready.getObservedGeneration());

        List<Event> events = await().until(() -> cluster.events(ns, "nightly"), e -> !e.isEmpty());
        Event event = events.get(0);
        assertEquals("Warning", event.getType());
        assertEquals("BackupFailed", event.getReason());
        assertTrue(event.getMessage().contains(expected), event.getMessage());

        // no retries and no crash loop: the resource stays as it is
        String version = failed.getMetadata().getResourceVersion();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> cluster.backup(ns, "nightly")
                        .getMetadata()
                        .getResourceVersion()
                        .equals(version));
        String everything = cluster.client
                        .getKubernetesSerialization()
                        .asJson(cluster.backup(ns, "nightly").getStatus())
                + cluster.client.getKubernetesSerialization().asJson(cluster.events(ns, "nightly"));
        assertFalse(everything.contains(PASSWORD), "a password appeared in the status or an event");
        return failed;
    }
}
