package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.BackedUpTable;
import dev.accountbackup.api.ObjectLockSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.S3Settings;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.engine.storage.StoredObject;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.ObjectLockS3;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AccountBackup through the operator, against a real PostgreSQL and real storage. */
class AccountBackupOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("backup");

    @Test
    void backupToFilesystemRecordsTheManifestAndNeverRunsAgain() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        DatabaseTarget db = accountsDatabase(20);
        create(backup(db, "shop-db", SampleAccounts.TABLES));

        AccountBackup done = awaitPhase("nightly", Phase.Succeeded);
        AccountBackupStatus status = done.getStatus();
        BackupLocation location = new BackupLocation(new FilesystemStore(cluster.root()), cluster.ns() + "/nightly");
        assertSucceededLike(status, location, db);
        assertEquals(
                cluster.root()
                        .resolve(cluster.ns())
                        .resolve("nightly")
                        .resolve(status.getBackupId())
                        .toUri()
                        .toString()
                        .replaceAll("/$", ""),
                status.getLocation().replaceAll("/$", ""));
        assertTrue(Files.isRegularFile(
                cluster.root().resolve(cluster.ns() + "/nightly/" + status.getBackupId() + "/" + Manifest.FILE_NAME)));

        List<Event> events = await().until(() -> cluster.events(cluster.ns(), "nightly"), e -> e.size() >= 2);
        assertTrue(events.stream()
                .anyMatch(e -> e.getType().equals("Normal") && e.getReason().equals("BackupStarted")));
        assertTrue(events.stream()
                .anyMatch(e -> e.getType().equals("Normal")
                        && e.getReason().equals("BackupSucceeded")
                        && e.getMessage().contains(status.getBackupId())));

        // re-reconciles (periodic, and after restarts) leave storage and status alone
        String version = done.getMetadata().getResourceVersion();
        cluster.startOperator(
                MockCluster.settings(cluster.root()).withIntervals(Duration.ofMillis(200), Duration.ofMillis(300)));
        assertQuiet("nightly", version);
        cluster.startOperator(MockCluster.settings(cluster.root()));
        assertQuiet("nightly", version);
        assertEquals(1, location.list().size(), "a second backup was taken");
        assertEquals(events.size(), cluster.events(cluster.ns(), "nightly").size(), "new events after completion");
    }

    @Test
    void backupToS3WritesTheBucket() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        DatabaseTarget db = accountsDatabase(10);
        String bucket = TestS3.newBucket();
        cluster.secret(
                cluster.ns(), "aws", Map.of("accessKeyId", TestS3.ACCESS_KEY, "secretAccessKey", TestS3.SECRET_KEY));
        AccountBackup backup = backup(db, "shop-db", List.of("public.users", "public.user_identities"));
        backup.getSpec()
                .setStorage(Specs.s3(bucket, "accounts", TestS3.endpoint().toString(), "aws"));
        backup.getSpec().setCompression("gzip");
        create(backup);

        AccountBackupStatus status = awaitPhase("nightly", Phase.Succeeded).getStatus();
        assertEquals(
                "s3://" + bucket + "/accounts/" + cluster.ns() + "/nightly/" + status.getBackupId(),
                status.getLocation().replaceAll("/$", ""));
        S3Settings s3 = new S3Settings(
                bucket,
                "accounts",
                TestS3.REGION,
                TestS3.endpoint(),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                null);
        try (BackupStore store = BackupStores.s3(s3)) {
            BackupLocation location = new BackupLocation(store, cluster.ns() + "/nightly");
            assertSucceededLike(status, location, db);
            assertTrue(location.readManifest(status.getBackupId()).tables().stream()
                    .allMatch(t -> t.file().endsWith(".gz")));
        }
        String shown =
                cluster.client.getKubernetesSerialization().asJson(status) + cluster.events(cluster.ns(), "nightly");
        assertFalse(shown.contains(TestS3.SECRET_KEY));
    }

    @Test
    void backupToS3WithObjectLockLocksEveryObjectAndRecordsTheLock() throws Exception {
        cluster.startOperator();
        DatabaseTarget db = accountsDatabase(10);
        try (ObjectLockS3 s3 = new ObjectLockS3()) {
            String bucket = s3.newBucket();
            cluster.secret(
                    cluster.ns(),
                    "aws",
                    Map.of("accessKeyId", TestS3.ACCESS_KEY, "secretAccessKey", TestS3.SECRET_KEY));
            AccountBackup backup = backup(db, "shop-db", List.of("public.users", "public.user_identities"));
            backup.getSpec()
                    .setStorage(Specs.s3(bucket, "accounts", s3.endpoint().toString(), "aws"));
            ObjectLockSpec lock = new ObjectLockSpec();
            lock.setMode("COMPLIANCE");
            lock.setRetainFor("30d");
            backup.getSpec().getStorage().getS3().setObjectLock(lock);
            create(backup);

            AccountBackupStatus status = awaitPhase("nightly", Phase.Succeeded).getStatus();
            S3Settings settings = new S3Settings(
                    bucket,
                    "accounts",
                    TestS3.REGION,
                    s3.endpoint(),
                    true,
                    new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                    null);
            Manifest manifest;
            try (BackupStore store = BackupStores.s3(settings)) {
                manifest = new BackupLocation(store, cluster.ns() + "/nightly").readManifest(status.getBackupId());
            }
            assertEquals(ObjectLock.Mode.COMPLIANCE, manifest.objectLock().mode());
            assertEquals(
                    manifest.startedAt().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS),
                    manifest.objectLock().retainUntil());
            List<LoggedRequest> uploads = s3.uploads().stream()
                    .filter(r -> r.getUrl().contains("/" + status.getBackupId() + "/"))
                    .toList();
            assertEquals(3, uploads.size(), "two tables and the manifest");
            for (LoggedRequest upload : uploads) {
                assertEquals("COMPLIANCE", upload.getHeader(ObjectLockS3.MODE), upload.getUrl());
                assertEquals(
                        manifest.objectLock().retainUntil(),
                        Instant.parse(upload.getHeader(ObjectLockS3.RETAIN_UNTIL)),
                        upload.getUrl());
            }
        }
    }

    @Test
    void wrongPasswordFailsAtOnceWithoutShowingIt() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        DatabaseTarget db = accountsDatabase(5);
        String role = "app_" + cluster.ns().replace('-', '_');
        TestPostgres.server().createRole(db, role, "right-password-1d9c");
        cluster.secret(cluster.ns(), "app-db", Map.of("username", role, "password", "wrong-password-5e2b"));
        try (CapturedLogs logs = new CapturedLogs()) {
            create(backup(db, "app-db", List.of("public.users")));

            AccountBackupStatus status = awaitPhase("nightly", Phase.Failed).getStatus();
            assertTrue(status.getMessage().contains("rejected the login of user '" + role + "'"), status.getMessage());
            assertFailure(status, "AuthenticationFailed", 1);
            String shown = cluster.client.getKubernetesSerialization().asJson(status)
                    + cluster.events(cluster.ns(), "nightly")
                    + logs.text();
            assertTrue(
                    logs.text().contains("AuthenticationFailed") || logs.text().contains("rejected the login"),
                    "the failure was not logged");
            assertFalse(
                    shown.contains("wrong-password-5e2b") || shown.contains("right-password-1d9c"),
                    "a password was shown");
        }
    }

    @Test
    void unreachableHostFailsWithTheAddressToCheck() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        int closed = TcpForwarder.freePort();
        DatabaseTarget db = new DatabaseTarget("127.0.0.1", closed, "shop", "postgres", null, null);
        AccountBackup backup = backup(db, "shop-db", List.of("public.users"));
        backup.getSpec().setBackoffLimit(0);
        create(backup);

        AccountBackupStatus status = awaitPhase("nightly", Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains("127.0.0.1:" + closed), status.getMessage());
        assertFailure(status, "DatabaseUnreachable", 1);
    }

    @Test
    void transientFailureIsRetriedAndTheRetrySucceeds() throws Exception {
        cluster.startOperator(
                MockCluster.settings(cluster.root()).withRetryDelays(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        DatabaseTarget real = accountsDatabase(5);
        int port = TcpForwarder.freePort();
        DatabaseTarget viaProxy = new DatabaseTarget("127.0.0.1", port, real.database(), real.user(), null, null);
        AccountBackup backup = backup(viaProxy, "shop-db", List.of("public.users"));
        backup.getSpec().setBackoffLimit(2);
        create(backup);

        // the first attempt finds nothing listening: the status says so and when the next attempt comes
        AccountBackup retrying = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null
                                && b.getStatus().getMessage() != null
                                && b.getStatus().getMessage().startsWith("attempt 1 of 3 failed"));
        assertEquals(Phase.Running, retrying.getStatus().getPhase());
        assertEquals(
                "Retrying",
                Conditions.find(retrying.getStatus().getConditions(), Conditions.READY)
                        .getReason());
        assertTrue(
                retrying.getStatus().getMessage().contains("next attempt at"),
                retrying.getStatus().getMessage());
        try (TcpForwarder proxy = TcpForwarder.start(port, real.port())) {
            AccountBackupStatus status = awaitPhase("nightly", Phase.Succeeded).getStatus();
            assertEquals(2, status.getAttempts());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.events(cluster.ns(), "nightly").stream()
                        .anyMatch(e -> e.getReason().equals("BackupRetrying")
                                && e.getType().equals("Warning")));
    }

    @Test
    void transientFailuresGiveUpAfterTheBackoffLimit() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        DatabaseTarget db = new DatabaseTarget("127.0.0.1", TcpForwarder.freePort(), "shop", "postgres", null, null);
        AccountBackup backup = backup(db, "shop-db", List.of("public.users"));
        backup.getSpec().setBackoffLimit(2);
        create(backup);

        AccountBackupStatus status = awaitPhase("nightly", Phase.Failed).getStatus();
        assertFailure(status, "DatabaseUnreachable", 3);
        assertTrue(status.getMessage().endsWith("(attempt 3 of 3)"), status.getMessage());
        assertEquals(
                2,
                cluster.events(cluster.ns(), "nightly").stream()
                        .filter(e -> e.getReason().equals("BackupRetrying"))
                        .count());
    }

    @Test
    void unknownTableFailsAndAFixedSpecRunsAgain() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        DatabaseTarget db = accountsDatabase(5);
        create(backup(db, "shop-db", List.of("public.users", "public.no_such_table")));

        AccountBackupStatus status = awaitPhase("nightly", Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains("no_such_table"), status.getMessage());
        assertFailure(status, "InvalidSpec", 1);
        assertTrue(new FilesystemStore(cluster.root()).list("").isEmpty(), "files left behind by a failed backup");

        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("nightly")
                .edit(b -> {
                    b.getSpec().setTables(List.of("public.users"));
                    return b;
                });
        AccountBackup fixed = awaitPhase("nightly", Phase.Succeeded);
        assertEquals(2L, fixed.getStatus().getObservedGeneration());
        assertEquals(1, fixed.getStatus().getAttempts(), "a new spec counts attempts afresh");
    }

    @Test
    void unwritableStorageFails() throws Exception {
        Path file = Files.writeString(cluster.root().resolve("not-a-directory"), "x");
        // an operator configured with a storage directory that cannot be one
        cluster.startOperator(MockCluster.settings(file.resolve("backups")));
        DatabaseTarget db = accountsDatabase(5);
        AccountBackup backup = backup(db, "shop-db", List.of("public.users"));
        backup.getSpec().setStorage(Specs.filesystem(file.resolve("backups")));
        create(backup);

        AccountBackupStatus status = awaitPhase("nightly", Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains(file.toString()), status.getMessage());
        assertFailure(status, "StorageDenied", 1);
    }

    @Test
    void apiServerErrorsAreShownAndRetried() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        DatabaseTarget db = accountsDatabase(5);
        cluster.server
                .expect()
                .get()
                .withPath("/api/v1/namespaces/" + cluster.ns() + "/secrets/shop-db")
                .andReturn(400, "rejected")
                .times(2);
        create(backup(db, "shop-db", List.of("public.users")));

        AccountBackup erring = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null
                                && b.getStatus().getMessage() != null
                                && b.getStatus().getMessage().contains("HTTP 400"));
        assertEquals(Phase.Pending, erring.getStatus().getPhase());
        assertEquals(
                "ReconcileError",
                Conditions.find(erring.getStatus().getConditions(), Conditions.READY)
                        .getReason());
        assertEquals(1, awaitPhase("nightly", Phase.Succeeded).getStatus().getAttempts());
    }

    @Test
    void specChangeAfterSuccessIsReportedAndNotRun() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        DatabaseTarget db = accountsDatabase(5);
        create(backup(db, "shop-db", List.of("public.users")));
        AccountBackupStatus first = awaitPhase("nightly", Phase.Succeeded).getStatus();

        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("nightly")
                .edit(b -> {
                    b.getSpec().setTables(List.of("public.users", "public.user_profiles"));
                    return b;
                });
        AccountBackup after = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> Long.valueOf(2).equals(b.getStatus().getObservedGeneration()));
        assertEquals(Phase.Succeeded, after.getStatus().getPhase());
        assertEquals(first.getBackupId(), after.getStatus().getBackupId());
        assertTrue(
                after.getStatus().getMessage().contains("create a new AccountBackup"),
                after.getStatus().getMessage());
        Condition ready = Conditions.find(after.getStatus().getConditions(), Conditions.READY);
        assertEquals("True", ready.getStatus());
        assertEquals(2L, ready.getObservedGeneration());
        assertEquals(
                1,
                new BackupLocation(new FilesystemStore(cluster.root()), cluster.ns() + "/nightly")
                        .list()
                        .size());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.events(cluster.ns(), "nightly").stream()
                        .anyMatch(e -> e.getReason().equals("SpecChangeIgnored")));
    }

    @Test
    void anInterruptedBackupIsRemovedAndTakenAgain() throws Exception {
        DatabaseTarget db = accountsDatabase(10);
        AccountBackup backup = create(backup(db, "shop-db", SampleAccounts.TABLES));
        // the operator died while writing backup X: some table files, no manifest
        String interrupted = BackupIds.fromTime(Instant.now().minusSeconds(3600));
        FilesystemStore store = new FilesystemStore(cluster.root());
        write(store, cluster.ns() + "/nightly/" + interrupted + "/000-public.users.jsonl.zst", "partial");
        // and the temporary file of the table it was writing when it was killed
        StoreOutput killed =
                store.create(cluster.ns() + "/nightly/" + interrupted + "/001-public.user_identities.jsonl.zst");
        killed.write(new byte[1000]);
        killed.flush();
        writeStatus(backup, Phase.Running, interrupted, 1);

        cluster.startOperator(MockCluster.settings(cluster.root()));
        AccountBackupStatus status = awaitPhase("nightly", Phase.Succeeded).getStatus();
        // the run goes on under its id (so that its RDS snapshot, if any, is found again); the partial files are
        // replaced
        assertEquals(interrupted, status.getBackupId());
        assertEquals(2, status.getAttempts(), "the interrupted attempt counts");
        BackupLocation location = new BackupLocation(store, cluster.ns() + "/nightly");
        assertEquals(
                List.of(interrupted),
                location.list().stream().map(Manifest::backupId).toList());
        assertSucceededLike(status, location, db);
        try (Stream<Path> files = Files.walk(cluster.root().resolve(cluster.ns()))) {
            assertEquals(
                    List.of(),
                    files.filter(p -> p.getFileName().toString().contains(".partial-"))
                            .toList(),
                    "the killed attempt's temporary file is removed");
        }
        killed.abort();
    }

    @Test
    void aBackupCompletedJustBeforeARestartIsKept() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        DatabaseTarget db = accountsDatabase(5);
        create(backup(db, "shop-db", List.of("public.users")));
        AccountBackup done = awaitPhase("nightly", Phase.Succeeded);
        cluster.stopOperator();
        // as if the operator died after the manifest was written, before the status was
        writeStatus(done, Phase.Running, done.getStatus().getBackupId(), 1);

        cluster.startOperator(MockCluster.settings(cluster.root()));
        AccountBackupStatus status = awaitPhase("nightly", Phase.Succeeded).getStatus();
        assertEquals(done.getStatus().getBackupId(), status.getBackupId());
        assertEquals(
                1,
                new BackupLocation(new FilesystemStore(cluster.root()), cluster.ns() + "/nightly")
                        .list()
                        .size());
    }

    @Test
    void aSecretAppliedAfterTheBackupIsPickedUp() throws Exception {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        DatabaseTarget db = accountsDatabase(3);
        create(backup(db, "late-login", List.of("public.users")));
        awaitPhase("nightly", Phase.Pending);
        assertTrue(cluster.backup(cluster.ns(), "nightly")
                .getStatus()
                .getMessage()
                .contains("Secret 'late-login' not found"));

        // as when Argo CD or Flux apply the Secret a moment after the AccountBackup
        cluster.secret(
                cluster.ns(),
                "late-login",
                Map.of("username", "postgres", "password", "not-checked-for-the-superuser"));
        AccountBackupStatus status = awaitPhase("nightly", Phase.Succeeded).getStatus();
        assertEquals(1, status.getAttempts());
    }

    // --- helpers

    private DatabaseTarget accountsDatabase(int users) {
        return TestPostgres.newAccountsDatabase(users);
    }

    private AccountBackup backup(DatabaseTarget db, String secret, List<String> tables) {
        return Specs.backup(
                cluster.ns(), "nightly", Specs.database(db, secret), tables, Specs.filesystem(cluster.root()));
    }

    private AccountBackup create(AccountBackup backup) {
        return cluster.client.resource(backup).create();
    }

    private AccountBackup awaitPhase(String name, Phase phase) {
        Predicate<AccountBackup> reached =
                b -> b.getStatus() != null && b.getStatus().getPhase() == phase;
        return await().atMost(TIMEOUT).until(() -> cluster.backup(cluster.ns(), name), reached);
    }

    private void assertQuiet(String name, String resourceVersion) {
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> cluster.backup(cluster.ns(), name)
                        .getMetadata()
                        .getResourceVersion()
                        .equals(resourceVersion));
    }

    private void writeStatus(AccountBackup backup, Phase phase, String backupId, int attempts) {
        AccountBackup current =
                cluster.backup(cluster.ns(), backup.getMetadata().getName());
        AccountBackupStatus status = new AccountBackupStatus();
        status.setPhase(phase);
        status.setBackupId(backupId);
        status.setAttempts(attempts);
        status.setStartedAt(Instant.now().minusSeconds(60).toString());
        status.setObservedGeneration(current.getMetadata().getGeneration());
        current.setStatus(status);
        cluster.client.resource(current).updateStatus();
    }

    private static void write(BackupStore store, String key, String content) throws IOException {
        StoreOutput out = store.create(key);
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.close();
    }

    private void assertFailure(AccountBackupStatus status, String reason, int attempts) {
        assertEquals(attempts, status.getAttempts());
        // the event is recorded right after the status is written: wait for it rather than race it
        await().atMost(Duration.ofSeconds(10))
                .alias("no Warning event with the message")
                .until(() -> cluster.events(cluster.ns(), "nightly").stream()
                        .anyMatch(e -> e.getType().equals("Warning")
                                && e.getReason().equals("BackupFailed")
                                && e.getMessage().equals(status.getMessage())));
        assertNotNull(status.getCompletedAt());
        Condition ready = Conditions.find(status.getConditions(), Conditions.READY);
        assertEquals("False", ready.getStatus());
        assertEquals(reason, ready.getReason());
        assertEquals(status.getMessage(), ready.getMessage());
    }

    /** The status matches the manifest in storage, table by table, and the row counts match the database. */
    private static void assertSucceededLike(AccountBackupStatus status, BackupLocation location, DatabaseTarget db)
            throws Exception {
        assertTrue(status.getBackupId().matches("\\d{8}T\\d{6}Z"), status.getBackupId());
        Manifest manifest = location.readManifest(status.getBackupId());
        assertEquals(manifest.tables().size(), status.getTables().size());
        for (int i = 0; i < manifest.tables().size(); i++) {
            TableEntry entry = manifest.tables().get(i);
            BackedUpTable table = status.getTables().get(i);
            assertEquals(entry.displayName(), table.getName());
            assertEquals(entry.rows(), table.getRows());
            assertEquals(entry.bytes(), table.getBytes());
            assertEquals(entry.sha256(), table.getSha256());
            assertEquals(TestPostgres.rowCount(db, entry.displayName()), entry.rows());
            StoredObject file = location.files(status.getBackupId()).stream()
                    .filter(o -> o.key().endsWith("/" + entry.file()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(entry.bytes(), file.size());
        }
        Condition ready = Conditions.find(status.getConditions(), Conditions.READY);
        assertEquals("True", ready.getStatus());
        assertEquals("Succeeded", ready.getReason());
        assertEquals(status.getObservedGeneration(), ready.getObservedGeneration());
        assertNotNull(status.getStartedAt());
        assertNotNull(status.getCompletedAt());
        assertNotNull(URI.create(status.getLocation()).getScheme());
    }
}
