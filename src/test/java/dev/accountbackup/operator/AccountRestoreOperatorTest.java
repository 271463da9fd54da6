package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreSourceSpec;
import dev.accountbackup.api.RestoreTargetSpec;
import dev.accountbackup.api.RestoredTable;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AccountRestore through the operator: the accounts-lost scenario, dry runs, restores from storage alone, one-shot rules. */
class AccountRestoreOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("restore");

    private DatabaseTarget db;
    private GatedEngine engine;

    @BeforeEach
    void backUpHundredAccounts() {
        engine = new GatedEngine();
        cluster.startOperator(MockCluster.settings(cluster.root()), engine);
        db = TestPostgres.newAccountsDatabase(100);
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "nightly",
                        Specs.database(db, "shop-db"),
                        SampleAccounts.TABLES,
                        Specs.filesystem(cluster.root())))
                .create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
    }

    @AfterEach
    void releaseHeldRestores() {
        engine.release();
    }

    @Test
    void insertMissingBringsBackDeletedAccountsAndLeavesTheRestAlone() {
        assertLostAccountsComeBack("nightly", "undo");
    }

    @Test
    void theSameScenarioWithBackupsInS3() {
        String bucket = TestS3.newBucket();
        cluster.secret(
                cluster.ns(), "aws", Map.of("accessKeyId", TestS3.ACCESS_KEY, "secretAccessKey", TestS3.SECRET_KEY));
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "nightly-s3",
                        Specs.database(db, "shop-db"),
                        SampleAccounts.TABLES,
                        Specs.s3(bucket, "accounts", TestS3.endpoint().toString(), "aws")))
                .create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly-s3"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
        assertTrue(cluster.backup(cluster.ns(), "nightly-s3")
                .getStatus()
                .getLocation()
                .startsWith("s3://" + bucket + "/accounts/" + cluster.ns() + "/nightly-s3/"));
        assertLostAccountsComeBack("nightly-s3", "undo-s3");
    }

    /** The product's story: 50 accounts deleted, 10 changed, 5 new; InsertMissing brings the 50 back and touches nothing else. */
    private void assertLostAccountsComeBack(String backupName, String restoreName) {
        Map<Long, String> before = rows("users");
        Map<Long, String> identitiesBefore = rows("user_identities");
        Map<Long, String> profilesBefore = rows("user_profiles");
        loseAccounts();
        Map<Long, String> changedAndNew = rows("users");

        cluster.client
                .resource(Specs.restore(cluster.ns(), restoreName, backupName))
                .create();
        AccountRestoreStatus status = awaitPhase(restoreName, Phase.Succeeded).getStatus();

        RestoredTable users = table(status, "public.users");
        assertEquals(50, users.getInserted());
        assertEquals(0, users.getUpdated());
        assertEquals(0, users.getDeleted());
        assertEquals(50, users.getUnchanged());
        assertEquals(Boolean.FALSE, status.getDryRun());
        assertEquals(cluster.backup(cluster.ns(), backupName).getStatus().getBackupId(), status.getBackupId());
        assertEquals(3, status.getTables().size());
        assertEquals(
                "True",
                Conditions.find(status.getConditions(), Conditions.READY).getStatus());

        Map<Long, String> after = rows("users");
        assertEquals(105, after.size());
        for (long id = 2; id <= 100; id += 2) {
            assertEquals(before.get(id), after.get(id), "restored user " + id + " differs from the backup");
        }
        for (Map.Entry<Long, String> e : changedAndNew.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()), "InsertMissing changed user " + e.getKey());
        }
        assertEquals(
                identitiesBefore, rows("user_identities"), "identities of the deleted users were not all restored");
        assertEquals(profilesBefore, rows("user_profiles"), "profiles of the deleted users were not all restored");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.restoreEvents(cluster.ns(), restoreName).stream()
                        .anyMatch(e -> e.getReason().equals("RestoreSucceeded")));
    }

    @Test
    void dryRunReportsCountsAndChangesNothing() throws Exception {
        loseAccounts();
        Map<Long, String> lost = rows("users");
        AccountRestore restore = Specs.restore(cluster.ns(), "check", "nightly");
        restore.getSpec().setDryRun(true);
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = awaitPhase("check", Phase.Succeeded).getStatus();
        assertEquals(Boolean.TRUE, status.getDryRun());
        assertEquals(50, table(status, "public.users").getInserted());
        assertNull(status.getSafetyBackupId());
        assertTrue(status.getMessage().startsWith("dry run of backup"), status.getMessage());
        assertEquals(
                "DryRunSucceeded",
                Conditions.find(status.getConditions(), Conditions.READY).getReason());
        assertEquals(lost, rows("users"));
    }

    @Test
    void aParallelReplaceIntoEmptiedTablesSaysOnItsStatusThatItWasNotOneTransaction() {
        Map<Long, String> users = rows("users");
        Map<Long, String> identities = rows("user_identities");
        Map<Long, String> profiles = rows("user_profiles");
        execute("TRUNCATE users, user_identities, user_profiles CASCADE");
        AccountRestore restore = Specs.restore(cluster.ns(), "migrate", "nightly");
        restore.getSpec().setMode("Replace");
        restore.getSpec().setLoadParallelism(2);
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = awaitPhase("migrate", Phase.Succeeded).getStatus();

        assertEquals(2, status.getLoadConnections());
        assertTrue(
                status.getMessage().contains("loaded on 2 connections at once, not in one transaction"),
                status.getMessage());
        assertEquals(100, table(status, "public.users").getInserted());
        assertEquals(users, rows("users"));
        assertEquals(identities, rows("user_identities"));
        assertEquals(profiles, rows("user_profiles"));

        // into tables that now hold rows, the same spec restores in one transaction, and says why
        AccountRestore again = Specs.restore(cluster.ns(), "migrate-again", "nightly");
        again.getSpec().setMode("Replace");
        again.getSpec().setLoadParallelism(2);
        cluster.client.resource(again).create();
        AccountRestoreStatus atomic =
                awaitPhase("migrate-again", Phase.Succeeded).getStatus();
        assertEquals(1, atomic.getLoadConnections());
        assertTrue(
                atomic.getWarnings().stream()
                        .anyMatch(w -> w.contains("is not empty") && w.contains("one transaction")),
                atomic.getWarnings().toString());
    }

    @Test
    void triggersAreReportedAndCanBeKeptOffSoThatRestoredRowsKeepTheBackupsValues() throws Exception {
        Map<Long, String> before = rows("users");
        execute(
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;"
                        + " CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()");
        execute("DELETE FROM users WHERE id <= 30");
        AccountRestore check = Specs.restore(cluster.ns(), "check-triggers", "nightly");
        check.getSpec().setDryRun(true);
        cluster.client.resource(check).create();
        AccountRestoreStatus checked =
                awaitPhase("check-triggers", Phase.Succeeded).getStatus();
        assertTrue(
                checked.getWarnings().stream()
                        .anyMatch(w -> w.contains("users_touch") && w.contains("disableTriggers")),
                checked.getWarnings().toString());

        AccountRestore restore = Specs.restore(cluster.ns(), "without-triggers", "nightly");
        restore.getSpec().setDisableTriggers(true);
        cluster.client.resource(restore).create();

        AccountRestoreStatus status =
                awaitPhase("without-triggers", Phase.Succeeded).getStatus();
        assertEquals(30, table(status, "public.users").getInserted());
        assertEquals(before, rows("users"), "restored rows keep the backup's updated_at");
        assertTrue(
                status.getWarnings() == null || status.getWarnings().stream().noneMatch(w -> w.contains("users_touch")),
                status.getWarnings().toString());
    }

    @Test
    void restoreStraightFromStorageWhenTheBackupResourceIsGone() throws Exception {
        Map<Long, String> before = rows("users");
        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(cluster.ns())
                .withName("nightly")
                .delete();
        execute("DELETE FROM users WHERE id <= 30");

        AccountRestore restore = Specs.restore(cluster.ns(), "from-storage", null);
        RestoreSourceSpec source = new RestoreSourceSpec();
        source.setStorage(Specs.filesystem(cluster.root()));
        source.setPath(cluster.ns() + "/nightly");
        restore.getSpec().setSource(source);
        RestoreTargetSpec target = new RestoreTargetSpec();
        target.setDatabase(Specs.database(db, "shop-db"));
        restore.getSpec().setTarget(target);
        restore.getSpec().setTables(List.of("public.users"));
        restore.getSpec().setMode("Upsert");
        cluster.client.resource(restore).create();

        AccountRestoreStatus status =
                awaitPhase("from-storage", Phase.Succeeded).getStatus();
        assertEquals(1, status.getTables().size());
        assertEquals(30, table(status, "public.users").getInserted());
        assertEquals(before, rows("users"));
    }

    @Test
    void upsertKeepsASafetyCopyOfTheRowsItChanged() throws Exception {
        Map<Long, String> before = rows("users");
        execute("UPDATE users SET display_name = 'changed' WHERE id <= 10");
        AccountRestore restore = Specs.restore(cluster.ns(), "upsert", "nightly");
        restore.getSpec().setMode("Upsert");
        restore.getSpec().setTables(List.of("public.users"));
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = awaitPhase("upsert", Phase.Succeeded).getStatus();
        assertEquals(before, rows("users"));
        assertNotNull(status.getSafetyBackupId(), status.getMessage());
        BackupLocation safety =
                new BackupLocation(new FilesystemStore(cluster.root()), cluster.ns() + "/_restores/upsert");
        Manifest copy = safety.readManifest(status.getSafetyBackupId());
        assertTrue(copy.tables().stream().anyMatch(t -> t.displayName().equals("public.users")));
        assertTrue(status.getSafetyLocation().startsWith("file:"), status.getSafetyLocation());
    }

    @Test
    void aCompletedRestoreNeverRunsAgainWhenItsSpecChanges() throws Exception {
        execute("DELETE FROM users WHERE id = 7");
        cluster.client.resource(Specs.restore(cluster.ns(), "once", "nightly")).create();
        AccountRestore done = awaitPhase("once", Phase.Succeeded);
        assertEquals(1, table(done.getStatus(), "public.users").getInserted());

        execute("DELETE FROM users WHERE id = 8");
        cluster.client
                .resources(AccountRestore.class)
                .inNamespace(cluster.ns())
                .withName("once")
                .edit(r -> {
                    r.getSpec().setMode("Upsert");
                    return r;
                });
        AccountRestore after = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "once"),
                        r -> Long.valueOf(2).equals(r.getStatus().getObservedGeneration()));
        assertEquals(Phase.Succeeded, after.getStatus().getPhase());
        assertTrue(
                after.getStatus().getMessage().contains("never runs again"),
                after.getStatus().getMessage());
        assertEquals(
                done.getStatus().getTables().size(),
                after.getStatus().getTables().size());
        assertEquals(0, TestPostgres.number(db, "SELECT count(*) FROM users WHERE id = 8"), "the restore ran again");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.restoreEvents(cluster.ns(), "once").stream()
                        .anyMatch(e -> e.getReason().equals("SpecChangeIgnored")));
    }

    @Test
    void aRestoreCreatedWithItsBackupWaitsForIt() {
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "weekly",
                        Specs.database(db, "shop-db"),
                        List.of("public.users"),
                        Specs.filesystem(cluster.root())))
                .create();
        cluster.client
                .resource(Specs.restore(cluster.ns(), "after-weekly", "weekly"))
                .create();

        AccountRestoreStatus status =
                awaitPhase("after-weekly", Phase.Succeeded).getStatus();
        assertEquals(cluster.backup(cluster.ns(), "weekly").getStatus().getBackupId(), status.getBackupId());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.restoreEvents(cluster.ns(), "after-weekly").stream()
                        .anyMatch(e -> e.getReason().equals("RestoreWaiting")
                                && e.getMessage().contains("waiting for AccountBackup 'weekly' to complete")));
    }

    @Test
    void aRestoreWaitingForItsBackupIsWokenWhenTheBackupFinishesNotByPolling() {
        // a poll interval far longer than the test: only the AccountBackup's informer can wake the waiting restore
        cluster.startOperator(
                MockCluster.settings(cluster.root()).withIntervals(Duration.ofMinutes(10), Duration.ofMinutes(10)),
                engine);
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "monthly",
                        Specs.database(db, "shop-db"),
                        List.of("public.users"),
                        Specs.filesystem(cluster.root())))
                .create();
        cluster.client
                .resource(Specs.restore(cluster.ns(), "after-monthly", "monthly"))
                .create();

        AccountRestoreStatus status = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> cluster.restore(cluster.ns(), "after-monthly"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                .getStatus();
        assertEquals(cluster.backup(cluster.ns(), "monthly").getStatus().getBackupId(), status.getBackupId());
        await().atMost(Duration.ofSeconds(10))
                .alias("the restore waited for its backup")
                .until(() -> cluster.restoreEvents(cluster.ns(), "after-monthly").stream()
                        .anyMatch(e -> e.getReason().equals("RestoreWaiting")
                                && e.getMessage().contains("waiting for AccountBackup 'monthly' to complete")));
    }

    @Test
    void aRestoreInterruptedByAnOperatorRestartIsNeverRunAgain() throws Exception {
        execute("DELETE FROM users WHERE id <= 20");
        // as if a Replace had committed just before the operator died, and the application created an account since
        execute("INSERT INTO users (public_id, email, username, password_hash, display_name)"
                + " VALUES (md5('after')::uuid, 'after@example.com', 'after', 'x', 'Created after the restore')");
        Map<Long, String> before = rows("users");
        cluster.stopOperator();
        AccountRestore restore = Specs.restore(cluster.ns(), "cut-short", "nightly");
        restore.getSpec().setMode("Replace");
        restore = cluster.client.resource(restore).create();
        // as left by an operator that died during the restore
        AccountRestoreStatus running = new AccountRestoreStatus();
        running.setPhase(Phase.Running);
        running.setAttempts(1);
        running.setStartedAt("2026-11-26T12:00:00Z");
        running.setObservedGeneration(restore.getMetadata().getGeneration());
        restore.setStatus(running);
        cluster.client.resource(restore).updateStatus();

        cluster.startOperator(MockCluster.settings(cluster.root()), engine);
        AccountRestoreStatus status = awaitPhase("cut-short", Phase.Failed).getStatus();
        assertEquals(
                "Interrupted",
                Conditions.find(status.getConditions(), Conditions.READY).getReason());
        assertEquals(1, status.getAttempts(), "no attempt was started");
        assertTrue(
                status.getMessage().contains("interrupted by an operator restart and is not run again")
                        && status.getMessage().contains("either all of it")
                        && status.getMessage().contains("dryRun: true"),
                status.getMessage());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.restoreEvents(cluster.ns(), "cut-short").stream()
                        .anyMatch(e -> e.getReason().equals("RestoreFailed")
                                && e.getType().equals("Warning")
                                && e.getMessage().contains("not run again")));

        // neither now nor after another restart: the account created since is still there
        String version =
                cluster.restore(cluster.ns(), "cut-short").getMetadata().getResourceVersion();
        cluster.startOperator(
                MockCluster.settings(cluster.root()).withIntervals(Duration.ofMillis(200), Duration.ofMillis(300)),
                engine);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> cluster.restore(cluster.ns(), "cut-short")
                        .getMetadata()
                        .getResourceVersion()
                        .equals(version));
        assertEquals(before, rows("users"));
    }

    @Test
    void aMissingBackupIdFailsWithWhereItWasLookedFor() {
        AccountRestore restore = Specs.restore(cluster.ns(), "old", "nightly");
        restore.getSpec().setBackupId("20000101T000000Z");
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = awaitPhase("old", Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains("20000101T000000Z"), status.getMessage());
        assertTrue(status.getMessage().contains(cluster.ns() + "/nightly"), status.getMessage());
        assertEquals(
                "InvalidSpec",
                Conditions.find(status.getConditions(), Conditions.READY).getReason());
        assertEquals(1, status.getAttempts());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.restoreEvents(cluster.ns(), "old").stream()
                        .anyMatch(e -> e.getReason().equals("RestoreFailed")
                                && e.getType().equals("Warning")));
    }

    @Test
    void restoresIntoTheSameTablesRunOneAfterTheOther() throws Exception {
        execute("DELETE FROM users WHERE id > 90");
        engine.holdNextRestore();
        cluster.client.resource(Specs.restore(cluster.ns(), "first", "nightly")).create();
        assertTrue(engine.held.await(30, TimeUnit.SECONDS), "the first restore did not start");

        AccountRestore second = Specs.restore(cluster.ns(), "second", "nightly");
        second.getSpec().setTables(List.of("users"));
        cluster.client.resource(second).create();
        AccountRestore waiting = awaitPhase("second", Phase.Pending);
        assertTrue(
                waiting.getStatus().getMessage().contains("waiting for AccountRestore " + cluster.ns() + "/first"),
                waiting.getStatus().getMessage());
        assertEquals(
                Phase.Running,
                cluster.restore(cluster.ns(), "first").getStatus().getPhase());

        engine.release();
        assertEquals(
                10,
                table(awaitPhase("first", Phase.Succeeded).getStatus(), "public.users")
                        .getInserted());
        AccountRestoreStatus secondDone = awaitPhase("second", Phase.Succeeded).getStatus();
        assertEquals(
                0, table(secondDone, "public.users").getInserted(), "the second restore ran before the first ended");
    }

    @Test
    void aRestoreWaitingForAFreeJobSlotShowsItsPlaceInLineUntilItRuns() throws Exception {
        cluster.stopOperator();
        cluster.startOperator(MockCluster.settings(cluster.root()).withMaxConcurrentJobs(1), engine);
        execute("DELETE FROM users WHERE id > 90");
        engine.holdNextRestore();
        AccountRestore first = Specs.restore(cluster.ns(), "first", "nightly");
        first.getSpec().setTables(List.of("users"));
        cluster.client.resource(first).create();
        assertTrue(engine.held.await(30, TimeUnit.SECONDS), "the first restore did not start");

        AccountRestore second = Specs.restore(cluster.ns(), "queued", "nightly");
        second.getSpec().setTables(List.of("user_profiles"));
        cluster.client.resource(second).create();
        AccountRestoreStatus queued = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "queued").getStatus(),
                        s -> s != null
                                && s.getPhase() == Phase.Running
                                && s.getMessage().startsWith("queued since "));
        assertTrue(queued.getMessage().contains("1st in line for a job slot"), queued.getMessage());
        assertEquals(
                "Queued",
                Conditions.find(queued.getConditions(), Conditions.READY).getReason());

        engine.release();
        awaitPhase("first", Phase.Succeeded);
        AccountRestoreStatus done = awaitPhase("queued", Phase.Succeeded).getStatus();
        assertFalse(done.getMessage().contains("in line"), done.getMessage());
    }

    // --- helpers

    /** 50 accounts deleted (with their identities and profiles), 10 changed, 5 added. */
    private void loseAccounts() {
        execute("DELETE FROM users WHERE id % 2 = 0");
        execute("UPDATE users SET display_name = 'changed ' || id WHERE id IN (1, 3, 5, 7, 9, 11, 13, 15, 17, 19)");
        execute("INSERT INTO users (id, public_id, email, username, password_hash, display_name) "
                + "SELECT 1000 + g, gen_random_uuid(), 'new' || g || '@example.org', 'new' || g, repeat('x', 60), 'New ' || g "
                + "FROM generate_series(1, 5) g");
        assertEquals(55, rows("users").size());
    }

    private AccountRestore awaitPhase(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), name),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
    }

    private static RestoredTable table(AccountRestoreStatus status, String name) {
        return status.getTables().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in "
                        + status.getTables().stream()
                                .map(RestoredTable::getName)
                                .toList()));
    }

    /** Every row of a table as PostgreSQL's text of the whole row, by id. */
    private Map<Long, String> rows(String table) {
        String key = table.equals("user_profiles") ? "user_id" : "id";
        Map<Long, String> rows = new LinkedHashMap<>();
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + key + ", t::text FROM " + table + " t ORDER BY " + key)) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getString(2));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private void execute(String sql) {
        TestPostgres.execute(db, sql);
    }

    /** The real engine, except that a test can hold one restore until it says go. */
    static final class GatedEngine implements BackupEngine {
        private final BackupEngine real = BackupEngine.standard();
        private final AtomicBoolean holdNext = new AtomicBoolean();
        private final CountDownLatch go = new CountDownLatch(1);
        final CountDownLatch held = new CountDownLatch(1);

        void holdNextRestore() {
            holdNext.set(true);
        }

        void release() {
            go.countDown();
        }

        @Override
        public Manifest export(ExportRequest request) {
            return real.export(request);
        }

        @Override
        public RestoreResult restore(RestoreRequest request) {
            if (holdNext.compareAndSet(true, false)) {
                held.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return real.restore(request);
        }
    }
}
