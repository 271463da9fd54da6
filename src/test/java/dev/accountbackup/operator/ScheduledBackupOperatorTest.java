package dev.accountbackup.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.BackupRecord;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RetentionSpec;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.testing.ObjectLocks;
import dev.accountbackup.testing.TestPostgres;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AccountBackup with a schedule, through the operator, with a clock the test moves forward. */
class ScheduledBackupOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> TABLES = List.of("public.users", "public.user_identities");

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("scheduled");

    private OffsetClock clock;

    @BeforeEach
    void startOperator() {
        clock = new OffsetClock();
        // a short resync: every waiting resource is decided on again twice a second, which must not write anything
        cluster.startOperator(
                MockCluster.settings(cluster.root()).withIntervals(Duration.ofSeconds(1), Duration.ofMillis(500)),
                clock);
    }

    @Test
    void runsAtScheduledTimesWithIdsFromThoseTimesAndStaysQuietBetween() throws Exception {
        String ns = cluster.ns();
        DatabaseTarget db = TestPostgres.newAccountsDatabase(7);
        create(backup(ns, db, "@hourly"));

        AccountBackup waiting =
                await(ns, b -> b.getStatus() != null && b.getStatus().getNextScheduleTime() != null);
        assertEquals(Phase.Pending, waiting.getStatus().getPhase());
        Instant first = Instant.parse(waiting.getStatus().getNextScheduleTime());
        assertEquals(0, first.getEpochSecond() % 3600, "@hourly runs on the hour");
        assertEquals("0 * * * * UTC", waiting.getStatus().getObservedSchedule());
        assertEquals("Unknown", condition(waiting, "BackupsCurrent").getStatus());
        assertQuiet(ns, waiting.getMetadata().getResourceVersion());
        assertTrue(location(ns).list().isEmpty(), "a backup ran before its time");

        clock.moveTo(first.plusSeconds(20));
        AccountBackupStatus done =
                await(ns, b -> succeeded(b, BackupIds.fromTime(first))).getStatus();
        assertEquals(first.toString(), done.getLastScheduleTime());
        assertEquals(first.plusSeconds(3600).toString(), done.getNextScheduleTime());
        assertEquals(
                Map.of(
                        "public.users",
                        TestPostgres.rowCount(db, "public.users"),
                        "public.user_identities",
                        TestPostgres.rowCount(db, "public.user_identities")),
                done.getLastSuccessfulBackup().getRows());
        assertEquals(List.of(BackupIds.fromTime(first)), ids(location(ns)));
        assertEquals(
                7L,
                location(ns)
                        .readManifest(BackupIds.fromTime(first))
                        .table("public", "users")
                        .orElseThrow()
                        .rows());

        // quiet once the run is recorded: only the resync passes, no writes
        AccountBackup settled = await(ns, b -> b.getStatus().getMessage().startsWith("next backup at"));
        assertEquals("True", condition(settled, "BackupsCurrent").getStatus());
        assertEquals("True", condition(settled, Conditions.READY).getStatus());
        assertQuiet(ns, settled.getMetadata().getResourceVersion());

        Instant second = first.plusSeconds(3600);
        clock.moveTo(second.plusSeconds(5));
        AccountBackupStatus again =
                await(ns, b -> succeeded(b, BackupIds.fromTime(second))).getStatus();
        assertEquals(List.of(BackupIds.fromTime(second), BackupIds.fromTime(first)), ids(location(ns)));
        assertEquals(
                List.of(BackupIds.fromTime(second), BackupIds.fromTime(first)),
                again.getRecentBackups().stream().map(BackupRecord::getId).toList());
        assertTrue(cluster.events(ns, "nightly").stream()
                .anyMatch(e -> e.getReason().equals("BackupSucceeded")
                        && e.getMessage().contains(BackupIds.fromTime(second))));

        // an operator restart after downtime catches up once, with the newest missed time
        cluster.stopOperator();
        Instant third = second.plusSeconds(3600);
        clock.moveTo(third.plusSeconds(3 * 3600 + 10));
        cluster.startOperator(
                MockCluster.settings(cluster.root()).withIntervals(Duration.ofSeconds(1), Duration.ofMillis(500)),
                clock);
        Instant caughtUp = third.plusSeconds(3 * 3600);
        AccountBackupStatus afterDowntime =
                await(ns, b -> succeeded(b, BackupIds.fromTime(caughtUp))).getStatus();
        assertEquals(3, ids(location(ns)).size(), "downtime caused more than one catch-up run");
        assertEquals(3, afterDowntime.getSkippedRuns().size());
        assertTrue(afterDowntime.getSkippedRuns().stream()
                .allMatch(s -> s.getReason().startsWith("missed")));
    }

    @Test
    void twoScheduledBackupsInTwoNamespacesRunSideBySide() throws Exception {
        String a = cluster.ns();
        String b = cluster.newNamespace();
        DatabaseTarget dbA = TestPostgres.newAccountsDatabase(3);
        DatabaseTarget dbB = TestPostgres.newAccountsDatabase(4);
        create(backup(a, dbA, "0 * * * *"));
        create(backup(b, dbB, "30 * * * *"));
        Instant nextA = Instant.parse(
                await(a, r -> r.getStatus() != null && r.getStatus().getNextScheduleTime() != null)
                        .getStatus()
                        .getNextScheduleTime());
        Instant nextB = Instant.parse(
                await(b, r -> r.getStatus() != null && r.getStatus().getNextScheduleTime() != null)
                        .getStatus()
                        .getNextScheduleTime());

        clock.moveTo((nextA.isAfter(nextB) ? nextA : nextB).plusSeconds(10));
        AccountBackupStatus doneA =
                await(a, r -> succeeded(r, BackupIds.fromTime(nextA))).getStatus();
        AccountBackupStatus doneB =
                await(b, r -> succeeded(r, BackupIds.fromTime(nextB))).getStatus();
        assertEquals(3L, doneA.getLastSuccessfulBackup().getRows().get("public.users"));
        assertEquals(4L, doneB.getLastSuccessfulBackup().getRows().get("public.users"));
        assertEquals(List.of(BackupIds.fromTime(nextA)), ids(location(a)));
        assertEquals(List.of(BackupIds.fromTime(nextB)), ids(location(b)));
    }

    @Test
    void suspendStopsNewRunsAndResumingDoesNotCatchUp() throws Exception {
        String ns = cluster.ns();
        DatabaseTarget db = TestPostgres.newAccountsDatabase(2);
        AccountBackup backup = backup(ns, db, "@hourly");
        backup.getSpec().setSuspend(true);
        create(backup);

        AccountBackup suspended = await(
                ns,
                r -> r.getStatus() != null && "suspended".equals(r.getStatus().getObservedSchedule()));
        assertNull(suspended.getStatus().getNextScheduleTime());
        assertTrue(
                suspended.getStatus().getMessage().startsWith("suspended"),
                suspended.getStatus().getMessage());
        assertEquals("Suspended", condition(suspended, Conditions.READY).getReason());
        clock.moveTo(clock.instant().plusSeconds(2 * 3600 + 60));
        // two intervals without a backup: BackupsCurrent says so once, then nothing changes
        AccountBackup stale = await(
                ns,
                r -> "NoSuccessfulBackup".equals(condition(r, "BackupsCurrent").getReason()));
        assertEquals("False", condition(stale, "BackupsCurrent").getStatus());
        assertQuiet(ns, stale.getMetadata().getResourceVersion());
        assertTrue(location(ns).list().isEmpty(), "a suspended schedule ran");

        edit(ns, r -> {
            r.getSpec().setSuspend(false);
            return r;
        });
        AccountBackup resumed = await(ns, r -> r.getStatus().getNextScheduleTime() != null);
        Instant next = Instant.parse(resumed.getStatus().getNextScheduleTime());
        assertTrue(
                next.isAfter(clock.instant().minusSeconds(5)),
                "a time that passed while suspended was caught up: " + next);
        assertTrue(location(ns).list().isEmpty());
        clock.moveTo(next.plusSeconds(5));
        await(ns, r -> succeeded(r, BackupIds.fromTime(next)));
        assertEquals(1, location(ns).list().size());

        // suspended again for more than two intervals: the newest backup is no longer current
        edit(ns, r -> {
            r.getSpec().setSuspend(true);
            return r;
        });
        await(ns, r -> "suspended".equals(r.getStatus().getObservedSchedule()));
        clock.moveTo(next.plusSeconds(2 * 3600 + 120));
        AccountBackup staleAgain =
                await(ns, r -> "Stale".equals(condition(r, "BackupsCurrent").getReason()));
        assertEquals("False", condition(staleAgain, "BackupsCurrent").getStatus());
        assertEquals(1, location(ns).list().size());
    }

    @Test
    void anEditedScheduleTakesEffectForTheNextRun() throws Exception {
        String ns = cluster.ns();
        DatabaseTarget db = TestPostgres.newAccountsDatabase(2);
        create(backup(ns, db, "@hourly"));
        await(ns, r -> r.getStatus() != null && r.getStatus().getNextScheduleTime() != null);

        edit(ns, r -> {
            r.getSpec().setSchedule("15 3 * * *");
            r.getSpec().setTimeZone("Europe/Paris");
            return r;
        });
        AccountBackup edited =
                await(ns, r -> "15 3 * * * Europe/Paris".equals(r.getStatus().getObservedSchedule()));
        Instant next = Instant.parse(edited.getStatus().getNextScheduleTime());
        assertEquals(
                "03:15",
                next.atZone(java.time.ZoneId.of("Europe/Paris")).toLocalTime().toString());
        clock.moveTo(next.minusSeconds(60));
        assertQuiet(ns, edited.getMetadata().getResourceVersion());
        assertTrue(location(ns).list().isEmpty(), "the old hourly schedule still ran");
        clock.moveTo(next.plusSeconds(5));
        await(ns, r -> succeeded(r, BackupIds.fromTime(next)));
    }

    @Test
    void retentionDeletesOldBackupsAfterARunAndKeepsTheNewest() throws Exception {
        String ns = cluster.ns();
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        BackupLocation location = location(ns);
        Instant now = Instant.now();
        List<String> seeded = List.of(
                BackupIds.fromTime(now.minusSeconds(3 * 86400)),
                BackupIds.fromTime(now.minusSeconds(2 * 86400)),
                BackupIds.fromTime(now.minusSeconds(86400)));
        for (String id : seeded) {
            // earlier runs of an AccountBackup of this name (a resource since re-created: another uid)
            new Exporter()
                    .export(new ExportRequest(
                            db,
                            TABLES,
                            location,
                            id,
                            Compression.ZSTD,
                            SnapshotTags.manifestLabels(ns, "nightly", "uid-of-an-earlier-resource")));
        }
        AccountBackup backup = backup(ns, db, "@hourly");
        RetentionSpec retention = new RetentionSpec();
        retention.setKeepLast(2);
        backup.getSpec().setRetention(retention);
        create(backup);
        Instant next = Instant.parse(
                await(ns, r -> r.getStatus() != null && r.getStatus().getNextScheduleTime() != null)
                        .getStatus()
                        .getNextScheduleTime());

        clock.moveTo(next.plusSeconds(5));
        AccountBackupStatus done =
                await(ns, r -> succeeded(r, BackupIds.fromTime(next))).getStatus();
        assertEquals(List.of(BackupIds.fromTime(next), seeded.get(2)), ids(location));
        assertTrue(done.getRetention().startsWith("deleted 2 backups"), done.getRetention());
        assertTrue(
                done.getRetention().contains(seeded.get(0))
                        && done.getRetention().contains(seeded.get(1)),
                done.getRetention());
        assertTrue(
                new FilesystemStore(cluster.root())
                        .list(ns + "/nightly/" + seeded.get(0) + "/")
                        .isEmpty(),
                "files of a deleted backup remain");
        assertTrue(cluster.events(ns, "nightly").stream()
                .anyMatch(e -> e.getReason().equals("RetentionApplied")));
    }

    /** A backup under S3 Object Lock outlives retention until its lock expires, and the summary says until when. */
    @Test
    void retentionKeepsALockedBackupUntilItsLockExpires() throws Exception {
        String ns = cluster.ns();
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        BackupLocation location = location(ns);
        Instant now = Instant.now();
        String old = BackupIds.fromTime(now.minusSeconds(3 * 86400));
        new Exporter()
                .export(new ExportRequest(
                        db,
                        TABLES,
                        location,
                        old,
                        Compression.ZSTD,
                        SnapshotTags.manifestLabels(ns, "nightly", "uid-1")));
        AccountBackup backup = backup(ns, db, "@hourly");
        RetentionSpec retention = new RetentionSpec();
        retention.setKeepLast(1);
        backup.getSpec().setRetention(retention);
        create(backup);
        Instant next = Instant.parse(
                await(ns, r -> r.getStatus() != null && r.getStatus().getNextScheduleTime() != null)
                        .getStatus()
                        .getNextScheduleTime());
        Instant lockEnds = next.plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ObjectLocks.recordLock(location, old, new ObjectLock(ObjectLock.Mode.COMPLIANCE, lockEnds));

        clock.moveTo(next.plusSeconds(5));
        AccountBackupStatus first =
                await(ns, r -> succeeded(r, BackupIds.fromTime(next))).getStatus();
        assertEquals(List.of(BackupIds.fromTime(next), old), ids(location));
        assertTrue(
                first.getRetention()
                        .startsWith("kept all 2 backups (" + old + " kept: locked until " + lockEnds
                                + " (COMPLIANCE), then due:"),
                first.getRetention());

        // by the run three hours later the lock has expired: it protects nothing any more
        Instant afterTheLock = next.plus(Duration.ofHours(3));
        clock.moveTo(afterTheLock.plusSeconds(5));
        AccountBackupStatus second =
                await(ns, r -> succeeded(r, BackupIds.fromTime(afterTheLock))).getStatus();
        assertEquals(List.of(BackupIds.fromTime(afterTheLock)), ids(location));
        assertTrue(
                second.getRetention().startsWith("deleted 2 backups")
                        && second.getRetention().contains(old),
                second.getRetention());
        assertTrue(
                new FilesystemStore(cluster.root())
                        .list(ns + "/nightly/" + old + "/")
                        .isEmpty(),
                "files of the unlocked backup remain");
    }

    /** Issue 10, defect 3: retention counts and deletes only the backups its AccountBackup made. */
    @Test
    void retentionLeavesBackupsItsAccountBackupDidNotMake() throws Exception {
        String ns = cluster.ns();
        DatabaseTarget db = TestPostgres.newAccountsDatabase(3);
        BackupLocation location = location(ns);
        Instant now = Instant.now();
        String safetyCopy = BackupIds.fromTime(now.minusSeconds(5 * 86400));
        String unlabelled = BackupIds.fromTime(now.minusSeconds(4 * 86400));
        String own = BackupIds.fromTime(now.minusSeconds(3 * 86400));
        new Exporter()
                .export(new ExportRequest(
                        db,
                        TABLES,
                        location,
                        safetyCopy,
                        Compression.ZSTD,
                        SnapshotTags.restore(ns, "nightly", "uid-r")));
        new Exporter().export(new ExportRequest(db, TABLES, location, unlabelled, Compression.ZSTD, Map.of()));
        new Exporter()
                .export(new ExportRequest(
                        db,
                        TABLES,
                        location,
                        own,
                        Compression.ZSTD,
                        SnapshotTags.manifestLabels(ns, "nightly", "uid-1")));
        AccountBackup backup = backup(ns, db, "@hourly");
        RetentionSpec retention = new RetentionSpec();
        retention.setKeepLast(1);
        backup.getSpec().setRetention(retention);
        create(backup);
        Instant next = Instant.parse(
                await(ns, r -> r.getStatus() != null && r.getStatus().getNextScheduleTime() != null)
                        .getStatus()
                        .getNextScheduleTime());

        clock.moveTo(next.plusSeconds(5));
        AccountBackupStatus done = await(
                        ns,
                        r -> succeeded(r, BackupIds.fromTime(next))
                                && r.getStatus().getRetention() != null)
                .getStatus();
        assertEquals(List.of(BackupIds.fromTime(next), unlabelled, safetyCopy), ids(location));
        assertTrue(done.getRetention().startsWith("deleted 1 backup (" + own + ")"), done.getRetention());
        assertTrue(
                done.getRetention()
                        .contains("left 2 not made by this AccountBackup: " + unlabelled
                                + " (of unknown origin (no labels)), " + safetyCopy
                                + " (a safety copy of AccountRestore " + ns + "/nightly)"),
                done.getRetention());
    }

    @Test
    void anInvalidScheduleIsReportedAndAFixedOneRuns() throws Exception {
        String ns = cluster.ns();
        DatabaseTarget db = TestPostgres.newAccountsDatabase(2);
        AccountBackup backup = backup(ns, db, "61 * * * *");
        backup.getSpec().setTimeZone("Europe/Pariss");
        RetentionSpec retention = new RetentionSpec();
        retention.setMaxAge("two weeks");
        backup.getSpec().setRetention(retention);
        create(backup);

        AccountBackup failed =
                await(ns, r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Failed);
        String message = failed.getStatus().getMessage();
        assertTrue(message.contains("minute field \"61\""), message);
        assertTrue(message.contains("timeZone \"Europe/Pariss\" is not a time zone name"), message);
        assertTrue(message.contains("retention maxAge \"two weeks\" is not a duration"), message);
        Condition ready = condition(failed, Conditions.READY);
        assertEquals("False", ready.getStatus());
        assertEquals("InvalidSpec", ready.getReason());
        assertTrue(cluster.events(ns, "nightly").stream()
                .anyMatch(e ->
                        e.getReason().equals("BackupFailed") && e.getMessage().equals(message)));
        assertQuiet(ns, failed.getMetadata().getResourceVersion());

        edit(ns, r -> {
            r.getSpec().setSchedule("0 * * * *");
            r.getSpec().setTimeZone("Europe/Paris");
            r.getSpec().getRetention().setMaxAge("14d");
            return r;
        });
        AccountBackup fixed = await(
                ns,
                r -> r.getStatus().getPhase() == Phase.Pending && r.getStatus().getNextScheduleTime() != null);
        assertEquals("True", condition(fixed, Conditions.READY).getStatus());
    }

    @Test
    void aFailedRunIsRetriedThenRecordedAndTheScheduleGoesOn() throws Exception {
        String ns = cluster.ns();
        DatabaseTarget real = TestPostgres.newAccountsDatabase(2);
        DatabaseTarget closed =
                new DatabaseTarget("127.0.0.1", TcpForwarder.freePort(), real.database(), real.user(), null, null);
        AccountBackup backup = backup(ns, closed, "@hourly");
        backup.getSpec().setBackoffLimit(1);
        RetentionSpec retention = new RetentionSpec();
        retention.setKeepFailed(1);
        backup.getSpec().setRetention(retention);
        create(backup);
        Instant first = Instant.parse(
                await(ns, r -> r.getStatus() != null && r.getStatus().getNextScheduleTime() != null)
                        .getStatus()
                        .getNextScheduleTime());

        clock.moveTo(first.plusSeconds(5));
        AccountBackup failed = await(
                ns,
                r -> r.getStatus().getLastFailedBackup() != null
                        && !Boolean.TRUE.equals(r.getStatus().getRunInProgress()));
        BackupRecord record = failed.getStatus().getLastFailedBackup();
        assertEquals(BackupIds.fromTime(first), record.getId());
        assertTrue(
                record.getReason().contains("127.0.0.1:" + closed.port())
                        && record.getReason().endsWith("(attempt 2 of 2)"),
                record.getReason());
        assertEquals(Phase.Failed, failed.getStatus().getPhase());
        assertEquals("False", condition(failed, "BackupsCurrent").getStatus());
        assertEquals("LastRunFailed", condition(failed, "BackupsCurrent").getReason());
        assertEquals(
                "True", condition(failed, Conditions.READY).getStatus(), "a failed run does not stop the schedule");
        // the retry is announced; on a busy machine the reconcile may come after the back-off has passed, and then the
        // second attempt's start event says it follows a failed one
        assertTrue(cluster.events(ns, "nightly").stream()
                .anyMatch(e -> e.getReason().equals("BackupRetrying")
                        || e.getReason().equals("BackupStarted")
                                && e.getMessage().contains("the previous attempt failed")));
        assertTrue(location(ns).list().isEmpty());

        Instant second = first.plusSeconds(3600);
        clock.moveTo(second.plusSeconds(5));
        AccountBackup failedAgain = await(
                ns,
                r -> r.getStatus().getLastFailedBackup() != null
                        && BackupIds.fromTime(second)
                                .equals(r.getStatus().getLastFailedBackup().getId())
                        && !Boolean.TRUE.equals(r.getStatus().getRunInProgress()));
        assertEquals(
                List.of(BackupIds.fromTime(second)),
                failedAgain.getStatus().getRecentBackups().stream()
                        .map(BackupRecord::getId)
                        .toList(),
                "keepFailed 1 keeps one failed run in status");

        edit(ns, r -> {
            r.getSpec().setDatabase(Specs.database(real, "shop-db"));
            return r;
        });
        Instant third = second.plusSeconds(3600);
        clock.moveTo(third.plusSeconds(5));
        AccountBackup recovered = await(ns, r -> succeeded(r, BackupIds.fromTime(third)));
        assertEquals("True", condition(recovered, "BackupsCurrent").getStatus());
        assertEquals(
                List.of(BackupIds.fromTime(third), BackupIds.fromTime(second)),
                recovered.getStatus().getRecentBackups().stream()
                        .map(BackupRecord::getId)
                        .toList());
    }

    // --- helpers

    private AccountBackup backup(String ns, DatabaseTarget db, String schedule) {
        AccountBackup backup =
                Specs.backup(ns, "nightly", Specs.database(db, "shop-db"), TABLES, Specs.filesystem(cluster.root()));
        backup.getSpec().setSchedule(schedule);
        return backup;
    }

    private static void create(AccountBackup backup) {
        cluster.client.resource(backup).create();
    }

    private static void edit(String ns, UnaryOperator<AccountBackup> change) {
        cluster.client
                .resources(AccountBackup.class)
                .inNamespace(ns)
                .withName("nightly")
                .edit(change);
    }

    private BackupLocation location(String ns) {
        // judged by the operator's clock, which the tests move ahead: its backups are not from the future
        return new BackupLocation(new FilesystemStore(cluster.root()), ns + "/nightly").withClock(clock);
    }

    private static List<String> ids(BackupLocation location) {
        return location.list().stream().map(Manifest::backupId).toList();
    }

    private static boolean succeeded(AccountBackup b, String backupId) {
        AccountBackupStatus s = b.getStatus();
        return s != null
                && s.getLastSuccessfulBackup() != null
                && backupId.equals(s.getLastSuccessfulBackup().getId())
                && !Boolean.TRUE.equals(s.getRunInProgress());
    }

    private static AccountBackup await(String ns, Predicate<AccountBackup> reached) {
        return org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> cluster.backup(ns, "nightly"), reached);
    }

    private static Condition condition(AccountBackup b, String type) {
        return Conditions.find(b.getStatus().getConditions(), type);
    }

    /** No write to the resource for a while, though the operator decides on it twice a second. */
    private static void assertQuiet(String ns, String resourceVersion) {
        org.awaitility.Awaitility.await()
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> cluster.backup(ns, "nightly")
                        .getMetadata()
                        .getResourceVersion()
                        .equals(resourceVersion));
    }
}
