package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.api.AccountErasure;
import dev.accountbackup.api.AccountErasureStatus;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.ErasedBackupStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.ObjectLocks;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AccountErasure on the mock API server, with real file-system storage and PostgreSQL: the erasure is recorded once in
 * the namespace's ledger, the stored backups are rewritten without the accounts (a locked one is reported with its lock's
 * end), and a restore then never brings the accounts back.
 */
class AccountErasureOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final byte[] HASH_KEY = "a-32-byte-erasure-hash-key-for-tests".getBytes();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("erasecr");

    private DatabaseTarget db;

    @BeforeEach
    void backUpHundredAccounts() {
        cluster.startOperator(MockCluster.settings(cluster.root()), BackupEngine.standard());
        cluster.secret(
                cluster.ns(),
                "account-erasure-key",
                Map.of("hashKey", Base64.getEncoder().encodeToString(HASH_KEY)));
        db = TestPostgres.newAccountsDatabase(100);
        backUp("nightly");
    }

    @Test
    void purgingRewritesTheBackupsAndARestoreNeverBringsTheAccountsBack() throws Exception {
        backUp("weekly");
        Instant lockEnds = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ObjectLocks.recordLock(
                location("weekly"), onlyBackup("weekly"), new ObjectLock(ObjectLock.Mode.COMPLIANCE, lockEnds));
        long identities = TestPostgres.number(db, "SELECT count(*) FROM user_identities WHERE user_id IN (42, 43)");
        TestPostgres.execute(db, "DELETE FROM users WHERE id IN (42, 43)");

        AccountErasure erasure = Specs.erasure(cluster.ns(), "dsr-42", "nightly", "DSR-2026-0042", "42", "43");
        erasure.getSpec().setPurgeBackups(true);
        cluster.client.resource(erasure).create();
        AccountErasureStatus status = awaitPhase("dsr-42", Phase.Succeeded).getStatus();

        assertEquals(2, status.getAccounts());
        assertEquals("public.users", status.getRoot());
        assertNotNull(status.getRecordedAt());
        assertTrue(status.getLedgerVersion().startsWith("1-"), status.getLedgerVersion());
        ErasedBackupStatus nightly = backup(status, cluster.ns() + "/nightly");
        assertEquals(ErasedBackupStatus.PURGED, nightly.getState());
        assertEquals(
                Map.of("public.users", 2L, "public.user_identities", identities, "public.user_profiles", 2L),
                nightly.getRowsRemoved());
        assertNotNull(nightly.getPurgedAt());
        ErasedBackupStatus weekly = backup(status, cluster.ns() + "/weekly");
        assertEquals(ErasedBackupStatus.LOCKED, weekly.getState());
        assertEquals(lockEnds.toString(), weekly.getLockedUntil());
        assertTrue(status.getMessage().contains("1 backup(s) purged"), status.getMessage());
        assertTrue(status.getMessage().contains("under Object Lock"), status.getMessage());
        assertEquals(1, ledgerFiles().size());
        assertEquals(
                98L,
                location("nightly").readManifest(onlyBackup("nightly")).tables().stream()
                        .filter(t -> t.displayName().equals("public.users"))
                        .findFirst()
                        .orElseThrow()
                        .rows());
        assertKeysNeverShown(status, "dsr-42");

        // even told to ignore the ledger, the purged backup has no rows of the accounts left to bring back
        TestPostgres.execute(db, "DELETE FROM users WHERE id BETWEEN 21 AND 70");
        AccountRestore restore = Specs.restore(cluster.ns(), "undo", "nightly");
        restore.getSpec().setIgnoreErasures(true);
        cluster.client.resource(restore).create();
        AccountRestoreStatus restored = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "undo"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                .getStatus();
        assertEquals(
                48L,
                restored.getTables().stream()
                        .filter(t -> t.getName().equals("public.users"))
                        .findFirst()
                        .orElseThrow()
                        .getInserted());
        assertEquals(0, TestPostgres.number(db, "SELECT count(*) FROM users WHERE id IN (42, 43)"));
        assertEquals(0, TestPostgres.number(db, "SELECT count(*) FROM user_identities WHERE user_id IN (42, 43)"));
    }

    @Test
    void anAttemptCutShortByARestartRunsAgainWithoutASecondLedgerEntry() throws Exception {
        AccountErasure erasure = Specs.erasure(cluster.ns(), "dsr-7", "nightly", "DSR-2026-0007", "7");
        erasure.getSpec().setPurgeBackups(true);
        cluster.client.resource(erasure).create();
        AccountErasureStatus first = awaitPhase("dsr-7", Phase.Succeeded).getStatus();
        Map<String, Long> removed = backup(first, cluster.ns() + "/nightly").getRowsRemoved();

        // as if the operator had died during the attempt: the status says Running, no job holds it
        cluster.stopOperator();
        AccountErasure cut = cluster.erasure(cluster.ns(), "dsr-7");
        cut.getStatus().setPhase(Phase.Running);
        cluster.client.resource(cut).updateStatus();
        cluster.startOperator(MockCluster.settings(cluster.root()), BackupEngine.standard());
        AccountErasureStatus again = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.erasure(cluster.ns(), "dsr-7").getStatus(),
                        s -> s.getPhase() == Phase.Succeeded && s.getAttempts() == 2);

        assertEquals(first.getEntryId(), again.getEntryId());
        assertEquals(first.getRecordedAt(), again.getRecordedAt());
        assertTrue(again.getMessage().startsWith("erasure already recorded"), again.getMessage());
        ErasedBackupStatus nightly = backup(again, cluster.ns() + "/nightly");
        assertEquals(ErasedBackupStatus.PURGED, nightly.getState());
        assertEquals(removed, nightly.getRowsRemoved());
        assertEquals(backup(first, cluster.ns() + "/nightly").getPurgedAt(), nightly.getPurgedAt());
        assertEquals(1, ledgerFiles().size());

        // the same request in another resource finds the same entry
        cluster.client
                .resource(Specs.erasure(cluster.ns(), "dsr-7-again", "nightly", "DSR-2026-0007", "7"))
                .create();
        AccountErasureStatus twin = awaitPhase("dsr-7-again", Phase.Succeeded).getStatus();
        assertEquals(first.getEntryId(), twin.getEntryId());
        assertEquals(1, ledgerFiles().size());
    }

    @Test
    void withoutPurgeTheBackupsTakenBeforeAreListedAsMayHold() throws Exception {
        cluster.client
                .resource(Specs.erasure(cluster.ns(), "record-only", "nightly", "DSR-2026-0099", "99"))
                .create();
        AccountErasureStatus status = awaitPhase("record-only", Phase.Succeeded).getStatus();

        ErasedBackupStatus nightly = backup(status, cluster.ns() + "/nightly");
        assertEquals(ErasedBackupStatus.NOT_PURGED, nightly.getState());
        assertTrue(nightly.getReason().contains("retention"), nightly.getReason());
        assertEquals(
                100L,
                location("nightly").readManifest(onlyBackup("nightly")).tables().stream()
                        .filter(t -> t.displayName().equals("public.users"))
                        .findFirst()
                        .orElseThrow()
                        .rows());
        assertEquals(1, ledgerFiles().size());
    }

    @Test
    void aRootTableTheBackupDoesNotHoldFailsClearlyAndRecordsNothing() throws Exception {
        AccountErasure erasure =
                Specs.erasure(cluster.ns(), "typo", "nightly", "DSR-2026-0100", "alice-4711-secret-key");
        erasure.getSpec().getAccounts().setRoot("public.usres");
        cluster.client.resource(erasure).create();

        AccountErasure failed = awaitPhase("typo", Phase.Failed);
        assertEquals(
                "InvalidSpec",
                Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                        .getReason());
        assertTrue(
                failed.getStatus().getMessage().contains("public.usres"),
                failed.getStatus().getMessage());
        assertTrue(ledgerFiles().isEmpty());
        assertKeysNeverShown(failed.getStatus(), "typo", "alice-4711-secret-key");
    }

    @Test
    void aMissingReferenceOrMatchInsteadOfKeysFailsWithEveryProblemNamed() {
        AccountErasure erasure = Specs.erasure(cluster.ns(), "no-ref", "nightly", null);
        erasure.getSpec().getAccounts().setKeys(null);
        erasure.getSpec().getAccounts().setMatch(Map.of("email", "alice@example.org"));
        cluster.client.resource(erasure).create();

        AccountErasureStatus status = awaitPhase("no-ref", Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains("reference is required"), status.getMessage());
        assertTrue(status.getMessage().contains("by keys"), status.getMessage());
        assertFalse(status.getMessage().contains("alice@example.org"), status.getMessage());
    }

    @Test
    void storageOutsideTheOperatorsDirectoriesIsRefusedAndNothingWritten() throws Exception {
        Path elsewhere = Files.createTempDirectory("not-a-storage-root");
        AccountErasure erasure = Specs.erasure(cluster.ns(), "elsewhere", null, "DSR-2026-0103", "1");
        erasure.getSpec().setStorage(Specs.filesystem(elsewhere));
        cluster.client.resource(erasure).create();

        AccountErasureStatus status = awaitPhase("elsewhere", Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains("is not a storage directory of this operator"), status.getMessage());
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertEquals(0, files.count(), "nothing written outside the allowed directories");
        }
    }

    @Test
    void aKeyTooShortFailsNamingTheSecretAndAMissingSecretWaitsForIt() throws Exception {
        cluster.secret(
                cluster.ns(), "short-key", Map.of("hashKey", Base64.getEncoder().encodeToString(new byte[8])));
        AccountErasure shortKey = Specs.erasure(cluster.ns(), "short", "nightly", "DSR-2026-0101", "1");
        shortKey.getSpec().setErasureKeySecret("short-key");
        cluster.client.resource(shortKey).create();
        AccountErasure missing = Specs.erasure(cluster.ns(), "missing", "nightly", "DSR-2026-0102", "1");
        missing.getSpec().setErasureKeySecret("not-there-yet");
        cluster.client.resource(missing).create();

        AccountErasureStatus failed = awaitPhase("short", Phase.Failed).getStatus();
        assertTrue(failed.getMessage().contains("short-key"), failed.getMessage());
        assertTrue(failed.getMessage().contains("32 bytes"), failed.getMessage());
        AccountErasure waiting = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.erasure(cluster.ns(), "missing"),
                        e -> e.getStatus() != null
                                && "SecretMissing"
                                        .equals(Conditions.find(e.getStatus().getConditions(), Conditions.READY)
                                                .getReason()));
        assertEquals(Phase.Pending, waiting.getStatus().getPhase());
        assertTrue(ledgerFiles().isEmpty());
    }

    @Test
    void anErasureNamingItsStorageRecordsAndPurgesInAnS3Bucket() {
        String bucket = TestS3.newBucket();
        cluster.secret(
                cluster.ns(), "aws", Map.of("accessKeyId", TestS3.ACCESS_KEY, "secretAccessKey", TestS3.SECRET_KEY));
        StorageSpec s3 = Specs.s3(bucket, "accounts", TestS3.endpoint().toString(), "aws");
        backUp("hourly", s3);

        AccountErasure erasure = Specs.erasure(cluster.ns(), "dsr-s3", null, "DSR-2026-0005", "5");
        erasure.getSpec().setStorage(s3);
        erasure.getSpec().setPurgeBackups(true);
        cluster.client.resource(erasure).create();
        AccountErasureStatus status = awaitPhase("dsr-s3", Phase.Succeeded).getStatus();

        ErasedBackupStatus hourly = backup(status, cluster.ns() + "/hourly");
        assertEquals(ErasedBackupStatus.PURGED, hourly.getState());
        assertEquals(1L, hourly.getRowsRemoved().get("public.users"));
        assertEquals("s3://" + bucket + "/accounts/" + cluster.ns() + "/_erasures/", status.getLedger());
        List<String> ledger = TestS3.client()
                .listObjectsV2(r -> r.bucket(bucket).prefix("accounts/" + cluster.ns() + "/_erasures/"))
                .contents()
                .stream()
                .map(o -> o.key())
                .toList();
        assertEquals(List.of("accounts/" + cluster.ns() + "/_erasures/" + status.getEntryId() + ".json"), ledger);
    }

    private void backUp(String name) {
        backUp(name, Specs.filesystem(cluster.root()));
    }

    private void backUp(String name, StorageSpec storage) {
        cluster.client
                .resource(
                        Specs.backup(cluster.ns(), name, Specs.database(db, "shop-db"), SampleAccounts.TABLES, storage))
                .create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), name),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
    }

    private AccountErasure awaitPhase(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.erasure(cluster.ns(), name),
                        e -> e.getStatus() != null && e.getStatus().getPhase() == phase);
    }

    private BackupLocation location(String name) {
        return new BackupLocation(new FilesystemStore(cluster.root()), cluster.ns() + "/" + name);
    }

    private String onlyBackup(String name) {
        List<Manifest> backups = location(name).list();
        assertEquals(1, backups.size());
        return backups.get(0).backupId();
    }

    private List<Path> ledgerFiles() throws IOException {
        Path ledger = cluster.root().resolve(cluster.ns()).resolve(ErasureLedger.FOLDER);
        if (!Files.isDirectory(ledger)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(ledger)) {
            return files.toList();
        }
    }

    private static ErasedBackupStatus backup(AccountErasureStatus status, String folder) {
        return status.getBackups().stream()
                .filter(b -> b.getFolder().equals(folder))
                .findFirst()
                .orElseThrow(() -> new AssertionError(folder + " not in the status"));
    }

    /** Neither the status nor an event of the erasure holds a key as a value (only counts and the reference). */
    private void assertKeysNeverShown(AccountErasureStatus status, String name, String... keys) throws Exception {
        String json = JSON.writeValueAsString(status);
        List<Event> events = cluster.events(cluster.ns(), "AccountErasure", name);
        assertFalse(events.isEmpty(), "the erasure records events");
        for (String key : keys.length == 0 ? new String[] {"\"42\"", "\"43\""} : keys) {
            assertFalse(json.contains(key), json);
            events.forEach(e -> assertFalse(e.getMessage().contains(key), e.getMessage()));
        }
    }
}
