package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreSourceSpec;
import dev.accountbackup.api.RestoreTargetSpec;
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.operator.resolve.TenantBoundary;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, defect 1: a namespace reaches only its own folder of the storage the operator is configured
 * with. Each attempt an attacker in tenant-b would make ends Failed (InvalidSpec) with nothing read or
 * written: tenant-b's database keeps its rows, storage keeps its files.
 */
class TenantBoundaryOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("tenant");

    @TempDir
    Path elsewhere;

    private String tenantA;
    private String tenantB;
    /** May read tenant-a's backups (ACCOUNT_BACKUP_CROSS_NAMESPACE_READS). */
    private String staging;
    /** May use the operator's own AWS identity (ACCOUNT_BACKUP_OPERATOR_CREDENTIALS_NAMESPACES). */
    private String trusted;

    private DatabaseTarget dbB;

    /** tenant-a backs up 20 accounts as AccountBackup "big"; tenant-b has a database of 3 accounts of its own. */
    @BeforeEach
    void tenantABacksUp() {
        tenantA = cluster.ns();
        tenantB = cluster.newNamespace();
        staging = cluster.newNamespace();
        trusted = cluster.newNamespace();
        cluster.startOperator(MockCluster.settings(cluster.root())
                .withTenancy(TenantBoundary.defaults()
                        .withFilesystemRoots(cluster.root())
                        .withCrossNamespaceReads(Map.of(staging, Set.of(tenantA)))
                        .withOperatorCredentialsNamespaces(trusted)));
        DatabaseTarget dbA = TestPostgres.newAccountsDatabase(20);
        dbB = TestPostgres.newAccountsDatabase(3);
        for (String ns : List.of(tenantA, tenantB, staging, trusted)) {
            cluster.secret(ns, "db", Map.of("username", "postgres", "password", "not-checked-for-the-superuser"));
        }
        cluster.client
                .resource(Specs.backup(
                        tenantA,
                        "big",
                        Specs.database(dbA, "db"),
                        List.of("public.users"),
                        Specs.filesystem(cluster.root())))
                .create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(tenantA, "big"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
    }

    @Test
    void aRestoreCannotReadAnotherNamespacesBackupsFromTheOperatorsVolume() {
        assertRestoreRefused(
                tenantB,
                "steal",
                Specs.filesystem(cluster.root()),
                tenantA + "/big",
                "outside the folders namespace '" + tenantB + "' may read");
    }

    @Test
    void pathTricksAreRefusedBeforeAnythingIsRead() {
        String a = tenantA + "/big";
        List<String> tricks = List.of(
                tenantB + "/../" + a, // climbing out of the own folder
                "./" + a,
                "/" + a, // absolute
                tenantB + "/%2e%2e/" + a, // URL-encoded dots
                tenantB + "\\..\\" + a, // backslashes
                tenantB + "//big", // empty segment
                tenantB + "/big\n/x", // control character
                a + "/"); // trailing slash on another namespace's folder
        int i = 0;
        for (String path : tricks) {
            assertRestoreRefused(tenantB, "trick-" + i++, Specs.filesystem(cluster.root()), path, "source.path");
        }
        // the backup id is a folder name too
        AccountRestore climbing = restore(tenantB, "climbing-id", Specs.filesystem(cluster.root()), tenantB + "/big");
        climbing.getSpec().setBackupId("..");
        cluster.client.resource(climbing).create();
        AccountRestore failed = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(tenantB, "climbing-id"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Failed);
        assertTrue(
                failed.getStatus().getMessage().contains("backupId '..' is not a backup id"),
                failed.getStatus().getMessage());
    }

    @Test
    void aRestoreThroughTheOperatorsIdentityNeedsTheNamespaceToBeAllowed() {
        // no credentialsSecret: the operator's own identity, which tenant-b may not use, for tenant-a's folder or its
        // own
        String bucket = TestS3.newBucket();
        assertRestoreRefused(
                tenantB,
                "steal-s3",
                Specs.s3(bucket, null, TestS3.endpoint().toString(), null),
                tenantA + "/big",
                "outside the folders namespace '" + tenantB + "' may read");
        assertRestoreRefused(
                tenantB,
                "own-s3",
                Specs.s3(bucket, null, TestS3.endpoint().toString(), null),
                tenantB + "/big",
                "the operator's own AWS identity serves only the namespaces its setting ACCOUNT_BACKUP_OPERATOR_CREDENTIALS_NAMESPACES lists");
    }

    @Test
    void anAllowedNamespaceStillReadsOnlyItsOwnFolderThroughTheOperatorsIdentity() {
        String bucket = TestS3.newBucket();
        assertRestoreRefused(
                trusted,
                "steal-s3",
                Specs.s3(bucket, null, TestS3.endpoint().toString(), null),
                tenantA + "/big",
                "outside the folders namespace '" + trusted + "' may read");
        // <prefix>/<namespace> could be another namespace's folder: <tenant-a>/<trusted>/... is tenant-a's
        // AccountBackup named like trusted
        assertRestoreRefused(
                trusted,
                "prefix",
                Specs.s3(bucket, tenantA, TestS3.endpoint().toString(), null),
                trusted + "/big",
                "cannot be used with the operator's own AWS identity");
        // nor does its identity sign requests for a server the spec chooses
        assertRestoreRefused(
                trusted,
                "endpoint",
                Specs.s3(bucket, null, TestS3.endpoint().toString(), null),
                trusted + "/big",
                "s3.endpoint '" + TestS3.endpoint() + "' cannot be used with the operator's own AWS identity");
        assertRestoreRefused(
                trusted,
                "dots",
                Specs.s3(bucket, "accounts/../" + tenantA, TestS3.endpoint().toString(), "aws"),
                trusted + "/big",
                "source.storage.s3.prefix");
    }

    @Test
    void anAllowListedNamespaceMayReadTheBackupsItIsAllowedTo() {
        assertRestoreRefused(
                staging,
                "own-namespace-only",
                Specs.filesystem(cluster.root()),
                tenantB + "/big",
                "outside the folders namespace");
        cluster.client
                .resource(restore(staging, "staging-copy", Specs.filesystem(cluster.root()), tenantA + "/big"))
                .create();
        AccountRestore done = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(staging, "staging-copy"),
                        r -> r.getStatus() != null
                                && r.getStatus().getPhase() != null
                                && r.getStatus().getPhase().isFinal());
        assertEquals(
                Phase.Succeeded, done.getStatus().getPhase(), done.getStatus().getMessage());
        assertEquals(20, users().size(), "tenant-a's 20 accounts were restored into tenant-b's database");
    }

    @Test
    void aBackupCannotWriteOutsideTheConfiguredDirectories() throws IOException {
        Path anywhere = Path.of("/tmp/anywhere-" + tenantA + "-" + System.nanoTime());
        List<String> paths = List.of(
                anywhere.toString(),
                cluster.root() + "/../x",
                cluster.root() + "/" + tenantA, // inside another namespace's folder
                cluster.root() + "/" + tenantA + "/big",
                cluster.root() + "/.",
                cluster.root() + "/%2e%2e",
                elsewhere.toString());
        List<Path> before = filesUnder(cluster.root());
        int i = 0;
        for (String path : paths) {
            String name = "escape-" + i++;
            AccountBackup backup = Specs.backup(
                    tenantB,
                    name,
                    Specs.database(dbB, "db"),
                    List.of("public.users"),
                    Specs.filesystem(cluster.root()));
            backup.getSpec().getStorage().getFilesystem().setPath(path);
            cluster.client.resource(backup).create();
            AccountBackup failed = await().atMost(TIMEOUT)
                    .until(
                            () -> cluster.backup(tenantB, name),
                            b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed);
            assertTrue(
                    failed.getStatus()
                            .getMessage()
                            .contains("is not a storage directory of this operator: use one of " + cluster.root()),
                    path + ": " + failed.getStatus().getMessage());
            assertEquals(
                    "InvalidSpec",
                    Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                            .getReason());
        }
        assertFalse(Files.exists(anywhere), "written to " + anywhere);
        assertEquals(List.of(), filesUnder(elsewhere));
        assertEquals(before, filesUnder(cluster.root()), "the operator's volume changed");
    }

    @Test
    void aTrailingSlashNamesTheSameRoot() {
        AccountBackup backup = Specs.backup(
                tenantB, "own", Specs.database(dbB, "db"), List.of("public.users"), Specs.filesystem(cluster.root()));
        backup.getSpec().getStorage().getFilesystem().setPath(cluster.root() + "/");
        cluster.client.resource(backup).create();
        AccountBackup done = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(tenantB, "own"),
                        b -> b.getStatus() != null
                                && b.getStatus().getPhase() != null
                                && b.getStatus().getPhase().isFinal());
        assertEquals(
                Phase.Succeeded, done.getStatus().getPhase(), done.getStatus().getMessage());
        assertTrue(Files.isDirectory(cluster.root().resolve(tenantB + "/own")));
    }

    @Test
    void aSymbolicLinkPlantedInTheVolumeIsNotFollowedOutOfIt() throws IOException {
        // someone with access to the volume links tenant-b's folder to a directory outside it
        Files.createSymbolicLink(cluster.root().resolve(tenantB), elsewhere);
        AccountBackup backup = Specs.backup(
                tenantB,
                "linked",
                Specs.database(dbB, "db"),
                List.of("public.users"),
                Specs.filesystem(cluster.root()));
        cluster.client.resource(backup).create();
        AccountBackup failed = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(tenantB, "linked"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed);
        assertTrue(
                failed.getStatus().getMessage().contains("symbolic link leads out of the storage root"),
                failed.getStatus().getMessage());
        assertEquals(List.of(), filesUnder(elsewhere));
    }

    @Test
    void aBackupThroughTheOperatorsIdentityNeedsTheNamespaceToBeAllowed() {
        AccountBackup backup = Specs.backup(
                tenantB,
                "to-s3",
                Specs.database(dbB, "db"),
                List.of("public.users"),
                Specs.s3(TestS3.newBucket(), null, TestS3.endpoint().toString(), null));
        cluster.client.resource(backup).create();
        AccountBackup failed = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(tenantB, "to-s3"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed);
        assertTrue(
                failed.getStatus().getMessage().contains("name a credentialsSecret"),
                failed.getStatus().getMessage());
        assertEquals(
                "InvalidSpec",
                Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                        .getReason());
    }

    @Test
    void anRdsSnapshotThroughTheOperatorsIdentityNeedsTheNamespaceToBeAllowed() {
        AccountBackup backup =
                Specs.backup(tenantB, "snap", Specs.database(dbB, "db"), List.of(), Specs.filesystem(cluster.root()));
        SnapshotSpec snapshot = new SnapshotSpec();
        snapshot.setDbInstanceIdentifier("tenant-a-db");
        snapshot.setRegion("eu-west-3");
        backup.getSpec().setSnapshot(snapshot);
        cluster.client.resource(backup).create();
        AccountBackup failed = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(tenantB, "snap"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed);
        assertTrue(
                failed.getStatus()
                        .getMessage()
                        .contains("the AWS credentials for RDS snapshots: name a credentialsSecret"),
                failed.getStatus().getMessage());
        assertEquals(
                "InvalidSpec",
                Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                        .getReason());
    }

    private void assertRestoreRefused(String ns, String name, StorageSpec storage, String path, String expected) {
        Map<String, String> before = users();
        cluster.client.resource(restore(ns, name, storage, path)).create();
        AccountRestore failed = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(ns, name),
                        r -> r.getStatus() != null
                                && r.getStatus().getPhase() != null
                                && r.getStatus().getPhase().isFinal());
        assertEquals(
                Phase.Failed,
                failed.getStatus().getPhase(),
                path + ": " + failed.getStatus().getMessage());
        assertTrue(
                failed.getStatus().getMessage().contains(expected),
                path + ": " + failed.getStatus().getMessage());
        assertEquals(
                "InvalidSpec",
                Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                        .getReason());
        assertEquals(0, failed.getStatus().getAttempts());
        assertEquals(before, users(), "the target database changed");
    }

    private AccountRestore restore(String ns, String name, StorageSpec storage, String path) {
        AccountRestore restore = Specs.restore(ns, name, null);
        RestoreSourceSpec source = new RestoreSourceSpec();
        source.setStorage(storage);
        source.setPath(path);
        restore.getSpec().setSource(source);
        RestoreTargetSpec target = new RestoreTargetSpec();
        target.setDatabase(Specs.database(dbB, "db"));
        restore.getSpec().setTarget(target);
        restore.getSpec().setMode("Upsert");
        return restore;
    }

    private Map<String, String> users() {
        return TestPostgres.contents(dbB, "users", "id", "t::text");
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
