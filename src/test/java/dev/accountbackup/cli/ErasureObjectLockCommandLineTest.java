package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.BackupPurge;
import dev.accountbackup.engine.erasure.ErasureEntry;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.PurgeOutcome;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.ObjectLockS3;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code erase --purge} and backups under S3 Object Lock, on a real S3 API: a locked backup is not
 * rewritten but reported with the lock's expiry, left byte for byte as it was, restores from it still
 * withhold the erased account, and {@code report --erasures} says until when it holds the data. The
 * purge goes by what S3 reports on every object version (a bucket's default retention, a lock extended
 * after the export, a legal hold), not only by the manifest. {@link ObjectLockS3} is versioned and
 * enforces the locks as AWS does: what is proved is that locked backups stay byte for byte as they
 * were, that no noncurrent version of a purged backup keeps the erased rows, and that a refused delete
 * leaves a backup that verifies and an outcome that says so.
 */
class ErasureObjectLockCommandLineTest {

    private static final String TABLES = "users,user_identities,user_profiles";
    private static final String UNLOCKED = "20261201T020000Z";
    private static final String LOCKED = "20261202T020000Z";

    @TempDir
    Path dir;

    private ObjectLockS3 s3;
    private String bucket;
    private Map<String, String> env;
    private Path hashKey;

    private record Result(int exitCode, String out, String err) {}

    @BeforeEach
    void bucketAndKey() throws Exception {
        s3 = new ObjectLockS3();
        bucket = s3.newBucket();
        env = Map.of(
                "AWS_ENDPOINT_URL_S3", s3.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", TestS3.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", TestS3.SECRET_KEY,
                "AWS_REGION", TestS3.REGION);
        hashKey = dir.resolve("erasure.key");
        Files.writeString(hashKey, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Result(code, out.toString(), err.toString());
    }

    private String folder() {
        return "s3://" + bucket + "/shop";
    }

    @Test
    void aLockedBackupIsLeftAsItIsAndRestoresFromItStillWithholdTheAccount() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(20);
        Result unlocked =
                run("export", "--database", url(db), "--tables", TABLES, "--to", folder(), "--backup-id", UNLOCKED);
        assertEquals(0, unlocked.exitCode(), unlocked.err());
        Result locked = run(
                "export",
                "--database",
                url(db),
                "--tables",
                TABLES,
                "--to",
                folder(),
                "--backup-id",
                LOCKED,
                "--object-lock-mode",
                "GOVERNANCE",
                "--object-lock-retain-for",
                "30d");
        assertEquals(0, locked.exitCode(), locked.err());
        String retainUntil = manifest(LOCKED).objectLock().retainUntil().toString();
        Map<String, String> lockedObjects = objects("shop/" + LOCKED + "/");
        Map<String, String> unlockedObjects = objects("shop/" + UNLOCKED + "/");
        Map<String, Map<String, String>> withoutSeven = withoutAccountSeven(db);

        s3.forgetRequests();
        Result erase = run(
                "erase",
                "--to",
                folder(),
                "--account",
                "public.users=7",
                "--reference",
                "DSR-2026-0007",
                "--purge",
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, erase.exitCode(), erase.err());
        assertTrue(erase.out().contains("backup " + LOCKED + ": holds erased data until " + retainUntil), erase.out());
        assertTrue(erase.out().contains("backup " + UNLOCKED + ": purged ("), erase.out());

        assertEquals(lockedObjects, objects("shop/" + LOCKED + "/"), "the locked backup is byte for byte the same");
        assertNotEquals(unlockedObjects, objects("shop/" + UNLOCKED + "/"), "the other one was rewritten");
        assertNoVersionHoldsAccountSeven(db, "shop/" + UNLOCKED + "/");
        assertEquals(0, run("verify", "--from", folder(), "--backup", UNLOCKED).exitCode());
        List<LoggedRequest> writes = s3.requests().stream()
                .filter(r -> !r.getMethod().getName().equals("GET")
                        && !r.getMethod().getName().equals("HEAD"))
                .filter(r -> r.getUrl().contains("/" + LOCKED + "/"))
                .toList();
        assertEquals(
                List.of(),
                writes.stream().map(LoggedRequest::getUrl).toList(),
                "nothing written to or deleted from it");

        // restores from the locked backup still leave account 7 out, its identities and profile included
        DatabaseTarget target = TestPostgres.newDatabase();
        try (Connection c = TestPostgres.connect(target)) {
            SampleAccounts.createSchema(c);
        }
        Result restore = run(
                "restore",
                "--from",
                folder(),
                "--backup",
                LOCKED,
                "--database",
                url(target),
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains("1 erased account(s) withheld"), restore.out());
        assertEquals(withoutSeven, contents(target));

        Result report = run("report", "--from", folder(), "--erasures");
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(
                report.out().contains("backup " + LOCKED + " (taken ")
                        && report.out().contains("may hold the data until its Object Lock ends at " + retainUntil),
                report.out());
        assertTrue(report.out().contains("purged from backup " + UNLOCKED), report.out());
        assertFalse(report.out().contains("backup " + UNLOCKED + " (taken "), report.out());
    }

    @Test
    void onceTheLockHasExpiredThePurgeRewritesTheBackup() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        Result locked = run(
                "export",
                "--database",
                url(db),
                "--tables",
                TABLES,
                "--to",
                folder(),
                "--backup-id",
                LOCKED,
                "--object-lock-mode",
                "GOVERNANCE",
                "--object-lock-retain-for",
                "1d");
        assertEquals(0, locked.exitCode(), locked.err());
        ErasureHasher hasher = new ErasureHasher(new byte[32], "test");

        try (BackupStore store = BackupStores.fromUri(folder(), env)) {
            BackupLocation location = new BackupLocation(store, "");
            ErasureEntry entry = new ErasureLedger(store, "", new ManifestSigner(null), Clock.systemUTC())
                    .append("public.users", List.of(hasher.hash("3")), "DSR-3", hasher.keyCheck())
                    .entry();
            Manifest manifest = location.readManifest(LOCKED);
            Clock beforeExpiry = Clock.fixed(manifest.objectLock().retainUntil().minusSeconds(1), ZoneOffset.UTC);
            Clock afterExpiry = Clock.fixed(manifest.objectLock().retainUntil(), ZoneOffset.UTC);

            PurgeOutcome held =
                    new BackupPurge(location, beforeExpiry).purge(entry, hasher).get(0);
            assertEquals(PurgeOutcome.State.LOCKED, held.state());
            assertEquals(manifest.objectLock().retainUntil(), held.lockedUntil());

            // the day goes by on S3's clock too, or S3 would still refuse to delete the locked versions
            s3.advanceClock(Duration.ofDays(1).plusMinutes(1));
            PurgeOutcome purged =
                    new BackupPurge(location, afterExpiry).purge(entry, hasher).get(0);
            assertEquals(PurgeOutcome.State.PURGED, purged.state(), purged.describe());
            assertEquals(1L, purged.rowsRemoved().get("public.users"));
        }
    }

    @Test
    void theBucketsDefaultRetentionLocksABackupWhoseManifestRecordsNoLock() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        s3.defaultRetention(bucket, ObjectLockRetentionMode.GOVERNANCE, 10);
        export(db, LOCKED);
        assertEquals(null, manifest(LOCKED).objectLock(), "the export asked for no lock");
        Instant retainUntil = retainUntil("shop/" + LOCKED + "/" + Manifest.FILE_NAME);
        Map<String, String> before = objects("shop/" + LOCKED + "/");
        Map<String, Map<String, String>> withoutSeven = withoutAccountSeven(db);

        Result erase = erasePurge();
        assertEquals(0, erase.exitCode(), erase.err());
        assertTrue(
                erase.out()
                        .contains("backup " + LOCKED + ": holds erased data until " + retainUntil + " (Object Lock)"),
                erase.out());
        assertEquals(before, objects("shop/" + LOCKED + "/"), "the locked backup is byte for byte the same");
        assertEquals(withoutSeven, restored(LOCKED, 1));
        assertReportSaysHeldUntil("its Object Lock ends at " + retainUntil + ", then retention deletes it");
    }

    @Test
    void aLegalHoldLocksABackupWithoutAnyDate() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        export(db, LOCKED);
        String held = s3.versions(bucket, "shop/" + LOCKED + "/").stream()
                .map(ObjectVersion::key)
                .filter(k -> k.contains("user_profiles"))
                .findFirst()
                .orElseThrow();
        s3.legalHold(bucket, held);
        Map<String, String> before = objects("shop/" + LOCKED + "/");

        Result erase = erasePurge();
        assertEquals(0, erase.exitCode(), erase.err());
        assertTrue(
                erase.out().contains("backup " + LOCKED + ": holds erased data under a legal hold (Object Lock)"),
                erase.out());
        assertEquals(before, objects("shop/" + LOCKED + "/"));
        assertReportSaysHeldUntil("its legal hold (Object Lock) is removed, then retention deletes it");
    }

    @Test
    void aLockExtendedAfterTheExportHoldsTheBackupUntilItsNewDate() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        Result locked = run(
                "export",
                "--database",
                url(db),
                "--tables",
                TABLES,
                "--to",
                folder(),
                "--backup-id",
                LOCKED,
                "--object-lock-mode",
                "GOVERNANCE",
                "--object-lock-retain-for",
                "1d");
        assertEquals(0, locked.exitCode(), locked.err());
        Instant extended = Instant.now().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS);
        s3.retainUntil(bucket, "shop/" + LOCKED + "/", ObjectLockRetentionMode.COMPLIANCE, extended);
        Map<String, String> before = objects("shop/" + LOCKED + "/");

        Result erase = erasePurge();
        assertEquals(0, erase.exitCode(), erase.err());
        assertTrue(erase.out().contains("backup " + LOCKED + ": holds erased data until " + extended), erase.out());
        assertEquals(before, objects("shop/" + LOCKED + "/"));
        assertReportSaysHeldUntil("its Object Lock ends at " + extended + ", then retention deletes it");
    }

    @Test
    void whenS3RefusesToDeleteAReplacedVersionTheBackupStillVerifiesAndThePurgeSaysSo() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        export(db, UNLOCKED);
        Map<String, Map<String, String>> withoutSeven = withoutAccountSeven(db);
        s3.refuseVersionDeletes("user_identities");

        Result erase = erasePurge();
        assertEquals(1, erase.exitCode(), erase.out());
        assertTrue(
                erase.out()
                        .contains("backup " + UNLOCKED + ": failed: S3 denied deleting s3://" + bucket + "/shop/"
                                + UNLOCKED + "/"),
                erase.out());
        assertTrue(erase.out().contains("under Object Lock"), erase.out());
        assertTrue(erase.out().contains("replaced version(s) still hold the erased rows"), erase.out());
        Result verify = run("verify", "--from", folder(), "--backup", UNLOCKED);
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        assertEquals(withoutSeven, restored(UNLOCKED, 0), "the purged files, current again, hold no account 7");

        // once S3 allows it, the next purge deletes what was left
        s3.stopRefusing();
        Result again = erasePurge();
        assertEquals(0, again.exitCode(), again.out());
        assertTrue(again.out().contains("backup " + UNLOCKED + ": already purged"), again.out());
        assertNoVersionHoldsAccountSeven(db, "shop/" + UNLOCKED + "/");
    }

    /** {@code report --erasures} gives the auditor the lock S3 reports, not only the one the manifest records. */
    private void assertReportSaysHeldUntil(String until) {
        Result report = run("report", "--from", folder(), "--erasures");
        assertEquals(0, report.exitCode(), report.out() + report.err());
        assertTrue(
                report.out().contains("backup " + LOCKED + " (taken ")
                        && report.out().contains("may hold the data until " + until + "; restores from it withhold it"),
                report.out());
    }

    private void export(DatabaseTarget db, String backupId) {
        Result export =
                run("export", "--database", url(db), "--tables", TABLES, "--to", folder(), "--backup-id", backupId);
        assertEquals(0, export.exitCode(), export.err());
    }

    private Result erasePurge() {
        return run(
                "erase",
                "--to",
                folder(),
                "--account",
                "public.users=7",
                "--reference",
                "DSR-2026-0007",
                "--purge",
                "--hash-key-file",
                hashKey.toString());
    }

    /** The accounts' tables restored from a backup into a new database, with how many erased accounts it withheld. */
    private Map<String, Map<String, String>> restored(String backupId, int withheld) throws Exception {
        DatabaseTarget target = TestPostgres.newDatabase();
        try (Connection c = TestPostgres.connect(target)) {
            SampleAccounts.createSchema(c);
        }
        Result restore = run(
                "restore",
                "--from",
                folder(),
                "--backup",
                backupId,
                "--database",
                url(target),
                "--hash-key-file",
                hashKey.toString());
        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains(withheld + " erased account(s) withheld"), restore.out());
        return contents(target);
    }

    /** Retention date S3 reports on an object's current version. */
    private Instant retainUntil(String key) {
        try (S3Client client = s3.client()) {
            return client.headObject(r -> r.bucket(bucket).key(key)).objectLockRetainUntilDate();
        }
    }

    /** Every stored version below {@code prefix}, current and noncurrent, decompressed: none holds account 7. */
    private void assertNoVersionHoldsAccountSeven(DatabaseTarget db, String prefix) throws Exception {
        String email = TestPostgres.contents(db, "users", "id", "email").get("7");
        String username = TestPostgres.contents(db, "users", "id", "username").get("7");
        List<ObjectVersion> versions = s3.versions(bucket, prefix);
        assertTrue(versions.stream().anyMatch(v -> v.key().contains(".jsonl")), versions.toString());
        try (S3Client client = s3.client()) {
            for (ObjectVersion v : versions) {
                byte[] stored = client.getObjectAsBytes(
                                r -> r.bucket(bucket).key(v.key()).versionId(v.versionId()))
                        .asByteArray();
                String text;
                if (v.key().contains(".jsonl")) {
                    try (var in = Compression.ZSTD.decompress(new ByteArrayInputStream(stored))) {
                        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                } else {
                    text = new String(stored, StandardCharsets.UTF_8);
                }
                String where = v.key() + " version " + v.versionId();
                assertFalse(text.contains(email) || text.contains(username), where);
                assertFalse(text.contains(v.key().contains("public.users.") ? "{\"id\":7," : "\"user_id\":7,"), where);
            }
        }
    }

    private Manifest manifest(String backupId) throws Exception {
        try (BackupStore store = BackupStores.fromUri(folder(), env)) {
            return new BackupLocation(store, "").readManifest(backupId);
        }
    }

    /** Each object below {@code prefix}, by key, as the SHA-256 of its bytes. */
    private Map<String, String> objects(String prefix) throws Exception {
        Map<String, String> objects = new TreeMap<>();
        try (S3Client client = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(TestS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestS3.ACCESS_KEY, TestS3.SECRET_KEY)))
                .forcePathStyle(true)
                .build()) {
            for (S3Object o : client.listObjectsV2Paginator(
                            r -> r.bucket(bucket).prefix(prefix))
                    .contents()) {
                byte[] bytes = client.getObjectAsBytes(r -> r.bucket(bucket).key(o.key()))
                        .asByteArray();
                objects.put(
                        o.key(),
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            }
        }
        return objects;
    }

    private static Map<String, Map<String, String>> contents(DatabaseTarget db) {
        return Map.of(
                "users", TestPostgres.contents(db, "users", "id", "t::text"),
                "user_identities", TestPostgres.contents(db, "user_identities", "id", "t::text"),
                "user_profiles", TestPostgres.contents(db, "user_profiles", "user_id", "t::text"));
    }

    /** The accounts' tables as they are, without account 7's rows. */
    private static Map<String, Map<String, String>> withoutAccountSeven(DatabaseTarget db) {
        return Map.of(
                "users", TestPostgres.contents(db, "(SELECT * FROM users WHERE id <> 7)", "id", "t::text"),
                "user_identities",
                        TestPostgres.contents(
                                db, "(SELECT * FROM user_identities WHERE user_id <> 7)", "id", "t::text"),
                "user_profiles",
                        TestPostgres.contents(
                                db, "(SELECT * FROM user_profiles WHERE user_id <> 7)", "user_id", "t::text"));
    }
}
