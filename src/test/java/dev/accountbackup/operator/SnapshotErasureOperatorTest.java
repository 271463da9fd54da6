package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.AccountErasureStatus;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.ErasedTableStatus;
import dev.accountbackup.api.InstanceErasuresStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.PredatingSnapshotStatus;
import dev.accountbackup.api.RestoreSnapshotSpec;
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.ErasureEntry;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.RestoreOutcome;
import dev.accountbackup.engine.erasure.RestoreRecord;
import dev.accountbackup.engine.erasure.RestoreRecords;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.snapshot.RdsConnection;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.FakeRds;
import dev.accountbackup.testing.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot predates the erasures recorded since: the instance an AccountRestore makes from it has the
 * namespace's erased accounts deleted before the restore reports Succeeded. RDS is played over HTTP by
 * {@link FakeRds}, whose new instance answers at the real PostgreSQL the snapshot was "taken" of.
 */
class SnapshotErasureOperatorTest {

    private static final String REGION = "eu-west-3";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final byte[] HASH_KEY = new byte[32];
    private static final String ERASED = "7";

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("snaperase");

    private static FakeRds rds;
    private DatabaseTarget instance;

    @BeforeAll
    static void startRds() {
        rds = FakeRds.start();
    }

    @AfterAll
    static void stopRds() {
        rds.close();
    }

    /** A backup of twenty accounts with its snapshot, and account 7 recorded as erased since. */
    @BeforeEach
    void backUpThenErase() {
        cluster.secret(
                cluster.ns(),
                "aws-rds",
                Map.of(
                        "accessKeyId",
                        FakeRds.CREDENTIALS.accessKeyId(),
                        "secretAccessKey",
                        FakeRds.CREDENTIALS.secretAccessKey()));
        rds.completeAfterDescribes(1);
        cluster.startOperator(
                MockCluster.settings(cluster.root()).withIntervals(Duration.ofMillis(100), Duration.ofMinutes(10)),
                BackupEngine.standard(
                        credentials -> new RdsConnection(credentials, rds.endpoint(), Duration.ofMillis(1))));
        String source = "shop-" + cluster.ns();
        rds.addInstance(REGION, source, false);
        instance = TestPostgres.newAccountsDatabase(20);
        AccountBackup backup = Specs.backup(
                cluster.ns(),
                "nightly",
                Specs.database(instance, "shop-db"),
                SampleAccounts.TABLES,
                Specs.filesystem(cluster.root()));
        SnapshotSpec snapshot = new SnapshotSpec();
        snapshot.setDbInstanceIdentifier(source);
        snapshot.setRegion(REGION);
        snapshot.setCredentialsSecret("aws-rds");
        backup.getSpec().setSnapshot(snapshot);
        cluster.client.resource(backup).create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);

        ErasureHasher hasher = new ErasureHasher(HASH_KEY, "test");
        try (FilesystemStore store = new FilesystemStore(cluster.root())) {
            new ErasureLedger(store, cluster.ns(), new ManifestSigner(null), Clock.systemUTC())
                    .append("public.users", List.of(hasher.hash(ERASED)), "DSR-2026-0007", hasher.keyCheck());
        }
        // the instance restored from the snapshot holds what the source held then: account 7 included
        rds.restoredEndpoint("localhost", instance.port());
    }

    @Test
    void theErasedAccountIsDeletedFromTheNewInstanceBeforeTheRestoreSucceeds() {
        hashKeySecret();
        Map<String, Map<String, String>> before = contents();
        assertEquals(1, TestPostgres.number(instance, "SELECT count(*) FROM users WHERE id = " + ERASED));

        cluster.client.resource(snapshotRestore("staging")).create();
        AccountRestoreStatus status = awaitPhase("staging", Phase.Succeeded).getStatus();

        InstanceErasuresStatus erasures = status.getSnapshot().getErasures();
        assertEquals(1, erasures.getAccountsDeleted());
        assertEquals(1, erasures.getEntries());
        assertTrue(erasures.getLedgerVersion().startsWith("1-"), erasures.getLedgerVersion());
        Map<String, Long> perTable = erasures.getTables().stream()
                .collect(Collectors.toMap(
                        ErasedTableStatus::getName, ErasedTableStatus::getRowsDeleted, Long::sum, LinkedHashMap::new));
        Map<String, Long> expected = expectedDeletions(before);
        assertEquals(expected, perTable);
        assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(), erasures.getRowsDeleted());
        assertEquals("public.users", List.copyOf(perTable.keySet()).get(perTable.size() - 1), "children first");
        assertTrue(status.getMessage().contains("deleted 1 erased account(s)"), status.getMessage());
        assertFalse(status.getMessage().contains("id = " + ERASED), status.getMessage());

        assertEquals(
                withoutErased(before), contents(), "the erased account's graph is gone, every other row is as it was");
        RestoreRecords.Recorded recorded = onlyRecord();
        RestoreRecord record = recorded.record();
        assertEquals("Snapshot", record.mode());
        assertEquals("AccountRestore " + cluster.ns() + "/staging", record.origin());
        assertTrue(record.applied(ledger().read().entries().get(0).id()), "the evidence shows the erasure applied");
        assertEquals(erasures.getLedgerVersion(), record.ledgerVersion());
        assertEquals(expected, recorded.rowsWithheld());
    }

    @Test
    void withoutTheCredentialsSecretTheRestoreSaysWhichAndNeverSucceeds() {
        hashKeySecret();
        Map<String, Map<String, String>> before = contents();
        AccountRestore restore = snapshotRestore("no-login");
        restore.getSpec().getSnapshot().setCredentialsSecret("staging-login");
        restore.getSpec().setBackoffLimit(0);
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "no-login"),
                        r -> r.getStatus() != null
                                && r.getStatus().getMessage() != null
                                && r.getStatus().getMessage().contains("Secret 'staging-login' not found"))
                .getStatus();
        assertFalse(status.getPhase() == Phase.Succeeded, status.getMessage());
        assertEquals(before, contents(), "nothing deleted without the login");
    }

    @Test
    void anUnreachableInstanceOrAnUnreadableLedgerFailsTheRestoreWithTheReasonAndDeletesNothing() throws Exception {
        hashKeySecret();
        Map<String, Map<String, String>> before = contents();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        rds.restoredEndpoint("localhost", closedPort);
        AccountRestore unreachable = snapshotRestore("unreachable");
        unreachable.getSpec().setBackoffLimit(0);
        cluster.client.resource(unreachable).create();
        String message = awaitPhase("unreachable", Phase.Failed).getStatus().getMessage();
        assertTrue(message.contains("cannot connect to PostgreSQL at localhost:" + closedPort), message);
        assertFalse(message.contains("not-checked-for-the-superuser"), "no password in " + message);

        rds.restoredEndpoint("localhost", instance.port());
        try (Stream<Path> files =
                Files.walk(cluster.root().resolve(cluster.ns()).resolve(ErasureLedger.FOLDER))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(file, Files.readString(file).replace("DSR-2026-0007", "DSR-2026-0008"));
            }
        }
        AccountRestore tampered = snapshotRestore("tampered");
        cluster.client.resource(tampered).create();
        AccountRestoreStatus status = awaitPhase("tampered", Phase.Failed).getStatus();
        assertTrue(status.getMessage().contains("fails its check"), status.getMessage());
        assertEquals(1, status.getAttempts(), "a ledger that fails its checks is not retried");
        assertEquals(before, contents());
    }

    @Test
    void ignoreErasuresDeletesNothingAndSaysSo() {
        Map<String, Map<String, String>> before = contents();
        AccountRestore restore = snapshotRestore("everything");
        restore.getSpec().setIgnoreErasures(true);
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = awaitPhase("everything", Phase.Succeeded).getStatus();
        assertEquals(Boolean.TRUE, status.getSnapshot().getErasures().getIgnored());
        assertNull(status.getSnapshot().getErasures().getAccountsDeleted());
        assertTrue(status.getMessage().contains("erasures ignored"), status.getMessage());
        assertTrue(
                status.getWarnings().stream().anyMatch(w -> w.contains("ignoreErasures")),
                status.getWarnings().toString());
        // the event follows the status write
        await().atMost(TIMEOUT)
                .until(() -> cluster.client.v1().events().inNamespace(cluster.ns()).list().getItems().stream()
                        .anyMatch(e -> e.getMessage() != null && e.getMessage().contains("erasures ignored")));
        assertEquals(before, contents());
        RestoreRecords.Recorded recorded = onlyRecord();
        RestoreRecord record = recorded.record();
        assertTrue(record.ignoreErasures(), "the evidence flags a snapshot restore that ignored the erasures");
        assertFalse(record.applied(ledger().read().entries().get(0).id()));
    }

    @Test
    void aSnapshotOnlyBackupWithoutALedgerIsNeverRestoredAndNoInstanceIsMade() {
        hashKeySecret();
        snapshotOnlyBackup("snaps", null);
        int restoresBefore = rds.calls("RestoreDBInstanceFromDBSnapshot");

        AccountRestore restore = snapshotRestore("unprotected", "snaps");
        cluster.client.resource(restore).create();
        AccountRestoreStatus status = awaitPhase("unprotected", Phase.Failed).getStatus();

        assertTrue(
                status.getMessage()
                        .contains("AccountBackup 'snaps' keeps only RDS snapshots and names no erasure ledger"),
                status.getMessage());
        assertTrue(status.getMessage().contains("set its snapshot.erasureLedger"), status.getMessage());
        assertTrue(status.getMessage().contains("ignoreErasures: true"), status.getMessage());
        assertEquals(
                "InvalidSpec",
                Conditions.find(status.getConditions(), Conditions.READY).getReason());
        assertEquals(0, status.getAttempts(), "refused before any attempt ran");
        assertEquals(restoresBefore, rds.calls("RestoreDBInstanceFromDBSnapshot"), "no RDS restore was asked for");
        assertTrue(
                rds.databases(REGION).stream()
                        .noneMatch(d -> d.identifier()
                                .equals(restore.getSpec().getSnapshot().getRestoreAs())),
                "no instance was made");
    }

    @Test
    void aSnapshotOnlyBackupRestoredWithIgnoreErasuresKeepsEverythingAndSaysSo() {
        snapshotOnlyBackup("snaps", null);
        Map<String, Map<String, String>> before = contents();
        AccountRestore restore = snapshotRestore("everything", "snaps");
        restore.getSpec().setIgnoreErasures(true);
        cluster.client.resource(restore).create();

        AccountRestoreStatus status = awaitPhase("everything", Phase.Succeeded).getStatus();
        assertEquals(Boolean.TRUE, status.getSnapshot().getErasures().getIgnored());
        assertTrue(status.getMessage().contains("erasures ignored"), status.getMessage());
        assertTrue(
                status.getWarnings().stream().anyMatch(w -> w.contains("ignoreErasures")),
                status.getWarnings().toString());
        await().atMost(TIMEOUT)
                .until(() -> cluster.restoreEvents(cluster.ns(), "everything").stream()
                        .anyMatch(e -> e.getMessage() != null && e.getMessage().contains("erasures ignored")));
        assertEquals(before, contents(), "the erased account is in the new instance, as the spec asked");
    }

    @Test
    void aSnapshotOnlyBackupWithItsLedgerHasTheErasedAccountsDeletedFromTheNewInstance() {
        hashKeySecret();
        // the namespace's one ledger, beside the JSON backups of 'nightly', which records account 7
        snapshotOnlyBackup("snaps", Specs.filesystem(cluster.root()));
        Map<String, Map<String, String>> before = contents();

        cluster.client.resource(snapshotRestore("staging", "snaps")).create();
        AccountRestoreStatus status = awaitPhase("staging", Phase.Succeeded).getStatus();

        assertEquals(1, status.getSnapshot().getErasures().getAccountsDeleted());
        assertEquals(withoutErased(before), contents(), "the erased account's graph is gone, nothing else");
        RestoreRecords.Recorded recorded = onlyRecord();
        RestoreRecord record = recorded.record();
        assertEquals("Snapshot", record.mode());
        assertEquals("AccountRestore " + cluster.ns() + "/staging", record.origin());
        assertTrue(record.applied(ledger().read().entries().get(0).id()));
        assertEquals(expectedDeletions(before), recorded.rowsWithheld());
    }

    @Test
    void anErasureNamingASnapshotOnlyBackupIsRecordedInItsLedgerAndListsItsSnapshots() {
        hashKeySecret();
        AccountBackup snaps = snapshotOnlyBackup("snaps", Specs.filesystem(cluster.root()));
        String taken = snaps.getStatus().getSnapshot().getIdentifier();

        cluster.client
                .resource(Specs.erasure(cluster.ns(), "dsr-8", "snaps", "DSR-2026-0008", "8"))
                .create();
        AccountErasureStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.erasure(cluster.ns(), "dsr-8").getStatus(),
                        s -> s != null && s.getPhase() != null && s.getPhase().isFinal());

        assertEquals(Phase.Succeeded, status.getPhase(), status.getMessage());
        List<ErasureEntry> entries = ledger().read().entries();
        assertEquals(2, entries.size(), "appended to the namespace's ledger in the storage the backup names");
        ErasureEntry recorded = entries.get(1);
        assertEquals("DSR-2026-0008", recorded.reference());
        assertEquals(List.of(new ErasureHasher(HASH_KEY, "test").hash("8")), recorded.keyHashes());
        assertTrue(
                status.getSnapshots().stream()
                        .map(PredatingSnapshotStatus::getIdentifier)
                        .anyMatch(taken::equals),
                "the backup's snapshot, taken before the erasure, is listed: " + status.getSnapshots());
    }

    @Test
    void anErasureLedgerOutsideTheNamespacesStorageIsRefusedOnTheBackupAndItsRestores() {
        int snapshotsBefore = rds.calls("CreateDBSnapshot");
        int restoresBefore = rds.calls("RestoreDBInstanceFromDBSnapshot");
        Path otherNamespace = cluster.root().resolve("other-namespace");
        assertRefused(
                "elsewhere",
                Specs.filesystem(otherNamespace),
                "AccountBackup 'elsewhere' snapshot.erasureLedger: filesystem.path '" + otherNamespace
                        + "' is not a storage directory of this operator");
        assertRefused(
                "climbing",
                Specs.filesystem(
                        Path.of(cluster.root() + "/../" + cluster.root().getFileName())),
                "is not a storage directory of this operator");
        assertRefused(
                "prefixed",
                Specs.s3("backups", "../other-namespace", "http://s3.invalid:9000", "s3-login"),
                "snapshot.erasureLedger.s3.prefix '../other-namespace' must be folder names");
        assertEquals(snapshotsBefore, rds.calls("CreateDBSnapshot"), "no snapshot was taken");

        cluster.client.resource(snapshotRestore("from-elsewhere", "elsewhere")).create();
        String message = awaitPhase("from-elsewhere", Phase.Failed).getStatus().getMessage();
        assertTrue(message.contains("snapshot.erasureLedger: filesystem.path"), message);
        assertEquals(restoresBefore, rds.calls("RestoreDBInstanceFromDBSnapshot"), "no RDS restore was asked for");

        hashKeySecret();
        cluster.client
                .resource(Specs.erasure(cluster.ns(), "dsr-elsewhere", "elsewhere", "DSR-2026-0009", "9"))
                .create();
        AccountErasureStatus erasure = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.erasure(cluster.ns(), "dsr-elsewhere").getStatus(),
                        e -> e != null && e.getPhase() == Phase.Failed);
        assertTrue(erasure.getMessage().contains("snapshot.erasureLedger: filesystem.path"), erasure.getMessage());
        assertFalse(Files.exists(otherNamespace), "nothing written outside the namespace's folder");
    }

    private void assertRefused(String name, StorageSpec ledger, String expected) {
        AccountBackup backup = snapshotOnly(name, ledger);
        cluster.client.resource(backup).create();
        AccountBackupStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), name),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed)
                .getStatus();
        assertTrue(status.getMessage().contains(expected), status.getMessage());
        assertEquals(
                "InvalidSpec",
                Conditions.find(status.getConditions(), Conditions.READY).getReason());
    }

    /** An AccountBackup that takes only RDS snapshots of the source, once it has taken one. */
    private AccountBackup snapshotOnlyBackup(String name, StorageSpec ledger) {
        cluster.client.resource(snapshotOnly(name, ledger)).create();
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), name),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
    }

    /** Its database is the login that deletes erased accounts from the instances restored from its snapshots. */
    private AccountBackup snapshotOnly(String name, StorageSpec ledger) {
        AccountBackup backup = Specs.backup(cluster.ns(), name, Specs.database(instance, "shop-db"), List.of(), null);
        SnapshotSpec snapshot = new SnapshotSpec();
        snapshot.setDbInstanceIdentifier("shop-" + cluster.ns());
        snapshot.setRegion(REGION);
        snapshot.setCredentialsSecret("aws-rds");
        snapshot.setErasureLedger(ledger);
        backup.getSpec().setSnapshot(snapshot);
        return backup;
    }

    private ErasureLedger ledger() {
        return new ErasureLedger(
                new FilesystemStore(cluster.root()), cluster.ns(), new ManifestSigner(null), Clock.systemUTC());
    }

    private RestoreRecords.Recorded onlyRecord() {
        List<RestoreRecords.Recorded> records = ledger().restoreRecords().read();
        assertEquals(1, records.size(), "one record of the snapshot restore beside the ledger");
        assertEquals(
                RestoreOutcome.Outcome.COMMITTED,
                records.get(0).outcome().outcome(),
                "its outcome recorded once the deletion committed");
        return records.get(0);
    }

    private void hashKeySecret() {
        cluster.secret(
                cluster.ns(),
                "account-erasure-key",
                Map.of("hashKey", Base64.getEncoder().encodeToString(HASH_KEY)));
    }

    private AccountRestore snapshotRestore(String name) {
        return snapshotRestore(name, "nightly");
    }

    private AccountRestore snapshotRestore(String name, String backupName) {
        AccountRestore restore = Specs.restore(cluster.ns(), name, backupName);
        RestoreSnapshotSpec snapshot = new RestoreSnapshotSpec();
        snapshot.setRestoreAs("staging-" + name + "-" + cluster.ns());
        restore.getSpec().setSnapshot(snapshot);
        return restore;
    }

    private AccountRestore awaitPhase(String name, Phase phase) {
        Predicate<AccountRestore> reached =
                r -> r.getStatus() != null && r.getStatus().getPhase() == phase;
        return await().atMost(TIMEOUT).until(() -> cluster.restore(cluster.ns(), name), reached);
    }

    /** Every row of the account tables, as {@code "<account> <row>"} keyed by table and key. */
    private Map<String, Map<String, String>> contents() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        all.put("public.users", TestPostgres.contents(instance, "users", "t.id", "t.id || ' ' || t::text"));
        all.put(
                "public.user_identities",
                TestPostgres.contents(instance, "user_identities", "t.id", "t.user_id || ' ' || t::text"));
        all.put(
                "public.user_profiles",
                TestPostgres.contents(instance, "user_profiles", "t.user_id", "t.user_id || ' ' || t::text"));
        return all;
    }

    private static Map<String, Map<String, String>> withoutErased(Map<String, Map<String, String>> contents) {
        Map<String, Map<String, String>> kept = new LinkedHashMap<>();
        contents.forEach((table, rows) -> kept.put(
                table,
                rows.entrySet().stream()
                        .filter(e -> !e.getValue().startsWith(ERASED + " "))
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new))));
        return kept;
    }

    /** The erased account's rows per table, children first, as the seed made them. */
    private static Map<String, Long> expectedDeletions(Map<String, Map<String, String>> contents) {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String table : List.of("public.user_profiles", "public.user_identities", "public.users")) {
            long rows = contents.get(table).values().stream()
                    .filter(row -> row.startsWith(ERASED + " "))
                    .count();
            if (rows > 0 || table.equals("public.users")) {
                expected.put(table, rows);
            }
        }
        return expected;
    }
}
