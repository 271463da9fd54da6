package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.api.BackedUpTable;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoredTable;
import dev.accountbackup.api.RunAsSpec;
import dev.accountbackup.api.RunMode;
import dev.accountbackup.api.RunResourcesSpec;
import dev.accountbackup.api.SigningSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.api.TolerationSpec;
import dev.accountbackup.bench.StandInKubelet;
import dev.accountbackup.cli.Main;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.RestoreOutcome;
import dev.accountbackup.engine.erasure.RestoreRecords;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.signing.SigningKeys;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import dev.accountbackup.engine.storage.S3Settings;
import dev.accountbackup.operator.jobs.batch.BatchJobSettings;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exports and restores run as Kubernetes Jobs, end to end: the operator makes the Job, a stand-in for the kubelet
 * runs its command line in this process with the credentials it resolves from the Secrets the Job names, and the
 * operator takes the outcome from storage onto the status, retries failed and vanished Jobs, adopts a running Job after
 * a restart and cleans up. Storage is a real S3 API, the database a real PostgreSQL.
 */
class JobRunsOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String IMAGE = "registry.example/account-backup-operator:1.2.3";

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("jobs");

    private StandInKubelet kubelet;
    private String bucket;
    private final String signingKey = TestKeys.newKey();

    @BeforeEach
    void kubeletAndStorage() throws Exception {
        kubelet = new StandInKubelet(cluster.client, Main::run, Duration.ZERO);
        bucket = TestS3.newBucket();
        cluster.secret(
                cluster.ns(), "aws", Map.of("accessKeyId", TestS3.ACCESS_KEY, "secretAccessKey", TestS3.SECRET_KEY));
        cluster.secret(cluster.ns(), "signing", Map.of("current", "k1", "k1", signingKey));
    }

    @AfterEach
    void stopKubelet() {
        kubelet.close();
    }

    private static OperatorSettings jobsByDefault() {
        return MockCluster.settings()
                .withBatchJobs(
                        BatchJobSettings.defaults().withDefaultMode(RunMode.Job).withImage(IMAGE));
    }

    @Test
    void aBackupRunsAsAJobWithCredentialsFromSecretsOnlyAndItsManifestLandsOnTheStatus() throws Exception {
        cluster.startOperator(MockCluster.settings()
                .withBatchJobs(BatchJobSettings.defaults().withImage(IMAGE))); // in process unless a resource asks
        DatabaseTarget db = TestPostgres.newAccountsDatabase(20);
        AccountBackup backup = backup(db);
        RunAsSpec runAs = new RunAsSpec();
        runAs.setMode(RunMode.Job);
        runAs.setServiceAccountName("backup-runner");
        runAs.setNodeSelector(Map.of("pool", "batch"));
        TolerationSpec toleration = new TolerationSpec();
        toleration.setKey("batch");
        toleration.setOperator("Exists");
        toleration.setEffect("NoSchedule");
        runAs.setTolerations(List.of(toleration));
        runAs.setResources(resources("512Mi"));
        backup.getSpec().setRunAs(runAs);
        AccountBackup created = cluster.client.resource(backup).create();

        AccountBackup done = awaitBackup("nightly", Phase.Succeeded);
        assertEquals(1, kubelet.jobs().size(), "one Job for one attempt");
        Job job = kubelet.jobs().get(0);
        JobSpec spec = job.getSpec();
        Container container = spec.getTemplate().getSpec().getContainers().get(0);
        assertEquals(IMAGE, container.getImage());
        assertEquals("export", container.getArgs().get(0));
        assertEquals("backup-runner", spec.getTemplate().getSpec().getServiceAccountName());
        assertEquals(Map.of("pool", "batch"), spec.getTemplate().getSpec().getNodeSelector());
        assertEquals(
                "batch", spec.getTemplate().getSpec().getTolerations().get(0).getKey());
        assertEquals(new Quantity("512Mi"), container.getResources().getLimits().get("memory"));
        assertEquals(0, spec.getBackoffLimit(), "the operator retries, not the Job");
        assertEquals(3600, spec.getTtlSecondsAfterFinished(), "a Job the operator could not delete goes by itself");
        assertEquals("Never", spec.getTemplate().getSpec().getRestartPolicy());
        assertEquals(
                created.getMetadata().getUid(),
                job.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals(
                "AccountBackup", job.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(
                created.getMetadata().getUid(), job.getMetadata().getLabels().get("accountbackup.dev/owner-uid"));
        assertEquals(
                done.getStatus().getBackupId(), job.getMetadata().getLabels().get("accountbackup.dev/run"));
        assertEquals("1", job.getMetadata().getLabels().get("accountbackup.dev/attempt"));
        assertCredentialsOnlyByReference(job);
        assertTrue(
                container.getEnv().stream()
                        .anyMatch(e -> e.getName().equals("PGPASSWORD")
                                && e.getValueFrom().getSecretKeyRef().getName().equals("shop-db")),
                container.getEnv().toString());
        assertTrue(spec.getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v ->
                        v.getSecret() != null && v.getSecret().getSecretName().equals("signing")));

        // the status says what the in-process run says: the manifest the Job wrote, signed with the Secret's key
        try (BackupStore store = BackupStores.s3(s3())) {
            BackupLocation location = new BackupLocation(store, "accounts/" + cluster.ns() + "/nightly")
                    .withSigning(SigningKeys.fromEntries(Map.of("current", "k1", "k1", signingKey), "test"));
            Manifest manifest = location.readManifest(done.getStatus().getBackupId());
            assertEquals(manifest.tables().size(), done.getStatus().getTables().size());
            for (int i = 0; i < manifest.tables().size(); i++) {
                TableEntry entry = manifest.tables().get(i);
                BackedUpTable table = done.getStatus().getTables().get(i);
                assertEquals(entry.displayName(), table.getName());
                assertEquals(entry.rows(), table.getRows());
                assertEquals(entry.sha256(), table.getSha256());
                assertEquals(TestPostgres.rowCount(db, entry.displayName()), entry.rows());
            }
            assertEquals(
                    created.getMetadata().getUid(),
                    manifest.labels().get("accountbackup.dev/uid"),
                    "owned as in process");
            assertEquals(
                    List.of(),
                    store.list("accounts/" + cluster.ns() + "/_jobs/"),
                    "the run report is taken once and removed");
        }
        assertEquals(
                "s3://" + bucket + "/accounts/" + cluster.ns() + "/nightly/"
                        + done.getStatus().getBackupId(),
                done.getStatus().getLocation().replaceAll("/$", ""));
        assertEquals(
                "Succeeded",
                Conditions.find(done.getStatus().getConditions(), Conditions.READY)
                        .getReason());
        await().atMost(TIMEOUT).until(() -> jobs().isEmpty()); // a succeeded Job is deleted
    }

    @Test
    void aJobKilledBeforeReportingIsRetriedWithBackOffAndAPermanentErrorIsNot() {
        cluster.startOperator(jobsByDefault());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(5);
        kubelet.killNext(1);
        cluster.client.resource(backup(db)).create();

        AccountBackup done = awaitBackup("nightly", Phase.Succeeded);
        assertEquals(2, done.getStatus().getAttempts());
        assertEquals(2, kubelet.jobs().size(), "a new Job for the second attempt");
        assertEquals("2", kubelet.jobs().get(1).getMetadata().getLabels().get("accountbackup.dev/attempt"));
        assertTrue(
                cluster.events(cluster.ns(), "nightly").stream()
                        .anyMatch(e -> e.getMessage().contains("failed before it could report why")),
                "the killed Job is reported");

        AccountBackup wrong = Specs.backup(
                cluster.ns(), "wrong", Specs.database(db, "shop-db"), List.of("public.no_such_table"), s3Storage());
        cluster.client.resource(wrong).create();
        AccountBackup failed = awaitBackup("wrong", Phase.Failed);
        assertEquals(1, failed.getStatus().getAttempts(), "what the Job reported cannot be retried: it is not");
        assertTrue(
                failed.getStatus().getMessage().contains("no_such_table"),
                failed.getStatus().getMessage());
        assertEquals(3, kubelet.jobs().size());
    }

    @Test
    void aVanishedJobIsRetried() {
        cluster.startOperator(jobsByDefault());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(5);
        kubelet.hold();
        cluster.client.resource(backup(db)).create();
        Job first =
                await().atMost(TIMEOUT).until(this::jobs, j -> j.size() == 1).get(0);

        cluster.client.resource(first).delete();
        await().atMost(TIMEOUT).until(() -> kubelet.jobs().size() == 2);
        kubelet.release();

        AccountBackup done = awaitBackup("nightly", Phase.Succeeded);
        assertEquals(2, done.getStatus().getAttempts());
        assertTrue(
                cluster.events(cluster.ns(), "nightly").stream()
                        .anyMatch(e -> e.getMessage().contains("was deleted before it finished")),
                "the vanished Job is reported");
    }

    @Test
    void aRestartedOperatorAdoptsTheRunningJobInsteadOfStartingAnother() {
        cluster.startOperator(jobsByDefault());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(5);
        kubelet.hold();
        cluster.client.resource(backup(db)).create();
        await().atMost(TIMEOUT).until(this::jobs, j -> j.size() == 1);
        awaitBackup("nightly", Phase.Running);

        cluster.stopOperator();
        cluster.startOperator(jobsByDefault());
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> kubelet.jobs().size() == 1);
        kubelet.release();

        AccountBackup done = awaitBackup("nightly", Phase.Succeeded);
        assertEquals(1, kubelet.jobs().size(), "the running Job was adopted, not started again");
        assertEquals(
                kubelet.jobs().get(0).getMetadata().getLabels().get("accountbackup.dev/run"),
                done.getStatus().getBackupId());
    }

    @Test
    void aRestoreRunsAsAJobAndItsSignedReportLandsOnTheStatus() {
        cluster.startOperator(jobsByDefault());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(30);
        Map<String, String> before = TestPostgres.contents(db, "public.users", "id", "email");
        cluster.client.resource(backup(db)).create();
        awaitBackup("nightly", Phase.Succeeded);
        TestPostgres.execute(db, "DELETE FROM public.users WHERE id % 2 = 0"); // their identities and profiles too
        TestPostgres.execute(db, "UPDATE public.users SET email = 'changed@example.com' WHERE id = 1");

        AccountRestore restore = Specs.restore(cluster.ns(), "bring-back", "nightly");
        restore.getSpec().setMode("Replace");
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "bring-back"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                .getStatus();
        assertEquals(before, TestPostgres.contents(db, "public.users", "id", "email"), "the rows are back");
        assertEquals(15, table(status, "public.users").getInserted());
        assertEquals(1, table(status, "public.users").getUpdated());
        assertNotNull(status.getSafetyLocation(), "the changed row was saved first");
        assertTrue(status.getSafetyLocation().contains("/_restores/bring-back/"), status.getSafetyLocation());
        Job restoreJob = kubelet.jobs().stream()
                .filter(j -> j.getMetadata()
                        .getLabels()
                        .get("accountbackup.dev/owner-kind")
                        .equals("AccountRestore"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "restore",
                restoreJob
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs()
                        .get(0));
        assertCredentialsOnlyByReference(restoreJob);
    }

    @Test
    void aParallelReplaceRunsAsAJobWithItsLoadParallelismAndSaysSoOnTheStatus() {
        cluster.startOperator(jobsByDefault());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(20);
        Map<String, String> before = TestPostgres.contents(db, "public.users", "id", "t::text");
        cluster.client.resource(backup(db)).create();
        awaitBackup("nightly", Phase.Succeeded);
        TestPostgres.execute(db, "TRUNCATE users, user_identities, user_profiles CASCADE");

        AccountRestore restore = Specs.restore(cluster.ns(), "migrate", "nightly");
        restore.getSpec().setMode("Replace");
        restore.getSpec().setLoadParallelism(2);
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "migrate"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                .getStatus();
        assertEquals(before, TestPostgres.contents(db, "public.users", "id", "t::text"));
        assertEquals(2, status.getLoadConnections());
        assertTrue(status.getMessage().contains("not in one transaction"), status.getMessage());
        List<String> args = kubelet.jobs().stream()
                .filter(j -> j.getMetadata()
                        .getLabels()
                        .get("accountbackup.dev/owner-kind")
                        .equals("AccountRestore"))
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs();
        assertEquals("2", args.get(args.indexOf("--load-parallelism") + 1));
    }

    @Test
    void anAccountRestoreRunsAsAJobWithItsAccountsAndReportsThemOnTheStatus() {
        cluster.startOperator(jobsByDefault());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        Map<String, String> before = TestPostgres.contents(db, "public.users", "id", "email");
        cluster.client.resource(backup(db)).create();
        awaitBackup("nightly", Phase.Succeeded);
        TestPostgres.execute(db, "DELETE FROM public.users WHERE id IN (2, 4)");

        AccountRestore restore = Specs.restore(cluster.ns(), "bring-back-2", "nightly");
        AccountsSpec accounts = new AccountsSpec();
        accounts.setRoot("public.users");
        accounts.setKeys(List.of("2", "999"));
        restore.getSpec().setAccounts(accounts);
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "bring-back-2"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                .getStatus();
        Map<String, String> expected = new TreeMap<>(before);
        expected.remove("4");
        assertEquals(expected, new TreeMap<>(TestPostgres.contents(db, "public.users", "id", "email")));
        assertEquals(1L, status.getAccounts().getFound());
        assertEquals(List.of("999"), status.getAccounts().getNotFoundKeys());
        Job restoreJob = kubelet.jobs().stream()
                .filter(j -> j.getMetadata()
                        .getLabels()
                        .get("accountbackup.dev/owner-kind")
                        .equals("AccountRestore"))
                .findFirst()
                .orElseThrow();
        List<String> args = restoreJob
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs();
        assertEquals("public.users=2,999", args.get(args.indexOf("--account") + 1));
    }

    @Test
    void aRestoreRunAsAJobWithholdsTheAccountsInTheNamespacesLedgerAndRecordsIt() {
        cluster.startOperator(jobsByDefault());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        cluster.client.resource(backup(db)).create();
        awaitBackup("nightly", Phase.Succeeded);
        ErasureHasher hasher = new ErasureHasher(new byte[32], "test");
        cluster.secret(
                cluster.ns(),
                "account-erasure-key",
                Map.of("hashKey", java.util.Base64.getEncoder().encodeToString(new byte[32])));
        S3Settings underPrefix = new S3Settings(
                bucket,
                "accounts",
                TestS3.REGION,
                TestS3.endpoint(),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                null);
        ErasureLedger ledger;
        String version;
        try (BackupStore store = BackupStores.s3(underPrefix)) {
            ledger = new ErasureLedger(
                    store,
                    cluster.ns(),
                    new ManifestSigner(SigningKeys.fromEntries(Map.of("current", "k1", "k1", signingKey), "test")),
                    Clock.systemUTC());
            ledger.append("public.users", List.of(hasher.hash("2")), "DSR-1", hasher.keyCheck());
            version = ledger.read().version();
        }
        Map<String, String> afterErasure = TestPostgres.contents(db, "public.users", "id", "t::text");
        afterErasure.remove("2");
        TestPostgres.execute(db, "DELETE FROM public.users WHERE id IN (2, 4)");

        cluster.client.resource(Specs.restore(cluster.ns(), "undo", "nightly")).create();

        AccountRestoreStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "undo"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                .getStatus();
        assertEquals(afterErasure, TestPostgres.contents(db, "public.users", "id", "t::text"), "4 back, 2 not");
        assertEquals(version, status.getErasures().getLedgerVersion());
        assertEquals(1, status.getErasures().getAccountsWithheld());
        Job job = kubelet.jobs().stream()
                .filter(j -> j.getMetadata()
                        .getLabels()
                        .get("accountbackup.dev/owner-kind")
                        .equals("AccountRestore"))
                .findFirst()
                .orElseThrow();
        Container container =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> args = container.getArgs();
        assertEquals("s3://" + bucket + "/accounts/" + cluster.ns(), args.get(args.indexOf("--erasures-from") + 1));
        assertTrue(
                job.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .anyMatch(v -> v.getSecret() != null
                                && v.getSecret().getSecretName().equals("account-erasure-key")),
                "the hash key reaches the Job as a mounted Secret");
        assertFalse(
                cluster.client
                        .getKubernetesSerialization()
                        .asJson(job)
                        .contains(java.util.Base64.getEncoder().encodeToString(new byte[32])),
                "the hash key itself is nowhere in the Job");
        assertCredentialsOnlyByReference(job);

        try (BackupStore store = BackupStores.s3(underPrefix)) {
            ledger = new ErasureLedger(
                    store,
                    cluster.ns(),
                    new ManifestSigner(SigningKeys.fromEntries(Map.of("current", "k1", "k1", signingKey), "test")),
                    Clock.systemUTC());
            List<RestoreRecords.Recorded> records = ledger.restoreRecords().read();
            assertEquals(1, records.size(), "the Job's restore left its record beside the ledger");
            assertEquals(
                    RestoreOutcome.Outcome.COMMITTED, records.get(0).outcome().outcome());
            assertEquals(
                    "AccountRestore " + cluster.ns() + "/undo",
                    records.get(0).record().origin());
            assertTrue(records.get(0)
                    .record()
                    .applied(ledger.read().entries().get(0).id()));
        }
    }

    @Test
    void aRestoreInAJobOutlivesAnOperatorRestartAndIsAdoptedNotRunTwice() {
        cluster.startOperator(jobsByDefault());
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        cluster.client.resource(backup(db)).create();
        awaitBackup("nightly", Phase.Succeeded);
        TestPostgres.execute(db, "DELETE FROM public.users WHERE id <= 4");
        kubelet.hold();
        cluster.client
                .resource(Specs.restore(cluster.ns(), "bring-back", "nightly"))
                .create();
        await().atMost(TIMEOUT).until(() -> kubelet.jobs().size() == 2);

        cluster.stopOperator();
        cluster.startOperator(jobsByDefault());
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> kubelet.jobs().size() == 2);
        kubelet.release();

        AccountRestoreStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "bring-back"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                .getStatus();
        assertEquals(4, table(status, "public.users").getInserted(), "restored once, by the adopted Job");
        assertEquals(2, kubelet.jobs().size());
    }

    @Test
    void specsAJobCannotRunFailWithTheReasonAndNoJob() {
        cluster.startOperator(jobsByDefault()
                .withTenancy(dev.accountbackup.operator.resolve.TenantBoundary.defaults()
                        .withFilesystemRoots(cluster.root())));
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "local",
                        Specs.database(db, "shop-db"),
                        SampleAccounts.TABLES,
                        Specs.filesystem(cluster.root())))
                .create();
        AccountBackup failed = awaitBackup("local", Phase.Failed);
        assertTrue(
                failed.getStatus().getMessage().contains("runAs.mode Job needs S3 storage"),
                failed.getStatus().getMessage());
        assertTrue(kubelet.jobs().isEmpty());
    }

    private static RunResourcesSpec resources(String memoryLimit) {
        RunResourcesSpec resources = new RunResourcesSpec();
        resources.setRequests(Map.of("memory", "256Mi", "cpu", "250m"));
        resources.setLimits(Map.of("memory", memoryLimit));
        return resources;
    }

    /** No value of any Secret of the namespace is in the Job: arguments and literal variables hold none. */
    private void assertCredentialsOnlyByReference(Job job) {
        String shown = cluster.client.getKubernetesSerialization().asJson(job);
        for (String secret :
                List.of(TestS3.SECRET_KEY, TestS3.ACCESS_KEY, signingKey, "not-checked-for-the-superuser")) {
            assertFalse(shown.contains(secret), "a Secret's value is in the Job");
        }
        Container container =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        for (String name : List.of("PGUSER", "PGPASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            EnvVar variable = container.getEnv().stream()
                    .filter(e -> e.getName().equals(name))
                    .findFirst()
                    .orElseThrow();
            assertEquals(null, variable.getValue(), name + " is a literal");
            assertNotNull(variable.getValueFrom().getSecretKeyRef(), name);
        }
    }

    private static RestoredTable table(AccountRestoreStatus status, String name) {
        return status.getTables().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private List<Job> jobs() {
        return cluster.client
                .batch()
                .v1()
                .jobs()
                .inNamespace(cluster.ns())
                .list()
                .getItems();
    }

    private AccountBackup backup(DatabaseTarget db) {
        return Specs.backup(cluster.ns(), "nightly", Specs.database(db, "shop-db"), SampleAccounts.TABLES, s3Storage());
    }

    private StorageSpec s3Storage() {
        StorageSpec storage = Specs.s3(bucket, "accounts", TestS3.endpoint().toString(), "aws");
        SigningSpec signing = new SigningSpec();
        signing.setKeySecret("signing");
        storage.setSigning(signing);
        return storage;
    }

    private S3Settings s3() {
        return new S3Settings(
                bucket,
                "",
                TestS3.REGION,
                TestS3.endpoint(),
                true,
                new AwsCredentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                null);
    }

    private AccountBackup awaitBackup(String name, Phase phase) {
        Predicate<AccountBackup> reached =
                b -> b.getStatus() != null && b.getStatus().getPhase() == phase;
        return await().atMost(TIMEOUT).until(() -> cluster.backup(cluster.ns(), name), reached);
    }
}
