package dev.accountbackup.engine.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.manifest.SourceInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    /** A complete backup started {@code daysAgo} days before NOW, at 02:00 UTC. */
    static Manifest backup(int daysAgo) {
        Instant started = NOW.minus(Duration.ofDays(daysAgo)).minus(Duration.ofHours(10));
        return manifest(BackupIds.fromTime(started), started);
    }

    static Manifest manifest(String id, Instant started) {
        return new Manifest(
                Manifest.FORMAT_VERSION,
                id,
                started,
                started.plusSeconds(42),
                new SourceInfo("db.internal", 5432, "accounts", "17.2"),
                Compression.ZSTD,
                Map.of(),
                List.of());
    }

    /** Backups started 0..n-1 days ago, shuffled: the plan must not rely on the input order. */
    private static List<Manifest> nightly(int n) {
        List<Manifest> all = IntStream.range(0, n)
                .mapToObj(RetentionPolicyTest::backup)
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(all, new java.util.Random(7));
        return all;
    }

    private static List<String> ids(int... daysAgo) {
        return IntStream.of(daysAgo).mapToObj(d -> backup(d).backupId()).toList();
    }

    /** The backup {@code daysAgo} under a lock that ends {@code lockedUntil}. */
    private static Manifest locked(int daysAgo, ObjectLock.Mode mode, Instant lockedUntil) {
        Manifest m = backup(daysAgo);
        return new Manifest(
                m.formatVersion(),
                m.backupId(),
                m.startedAt(),
                m.completedAt(),
                m.source(),
                m.compression(),
                m.labels(),
                m.tables(),
                new ObjectLock(mode, lockedUntil));
    }

    @Test
    void backupsUnderAnObjectLockAreKeptUntilItExpiresAndSayUntilWhen() {
        RetentionPolicy policy = RetentionPolicy.parse(2, null, null);
        Instant tomorrow = NOW.plus(Duration.ofDays(1));
        List<Manifest> backups = List.of(
                backup(0),
                backup(1),
                locked(2, ObjectLock.Mode.COMPLIANCE, tomorrow),
                locked(3, ObjectLock.Mode.GOVERNANCE, tomorrow),
                locked(4, ObjectLock.Mode.COMPLIANCE, NOW.minusSeconds(1)),
                backup(5));

        RetentionPlan today = policy.plan(backups, NOW);
        assertEquals(ids(4, 5), today.deleteIds(), "an expired lock protects nothing");
        assertEquals(
                ids(2, 3),
                today.locked().stream().map(RetentionPlan.Entry::backupId).toList());
        assertEquals(
                "locked until 2026-11-27T12:00:00Z (COMPLIANCE), then due: not one of the newest 2",
                today.locked().get(0).reason());
        assertEquals(
                "locked until 2026-11-27T12:00:00Z (GOVERNANCE), then due: not one of the newest 2",
                today.locked().get(1).reason());
        assertEquals(
                ids(0, 1, 2, 3),
                today.keep().stream().map(RetentionPlan.Entry::backupId).toList(),
                "locked backups still count in the ranking: no other backup is deleted in their place");

        RetentionPlan afterTheLock = policy.plan(backups, tomorrow);
        assertEquals(ids(2, 3, 4, 5), afterTheLock.deleteIds());
        assertEquals(List.of(), afterTheLock.locked());
    }

    @Test
    void keepsFourteenDaysAndAtLeastTheLastSeven() {
        RetentionPolicy policy = RetentionPolicy.parse(7, "14d", null);
        RetentionPlan plan = policy.plan(nightly(20), NOW);
        // ages are d days + 10 hours: 0..13 days old are within 14d, 14..19 are older
        assertEquals(ids(14, 15, 16, 17, 18, 19), plan.deleteIds());
        assertEquals(14, plan.keep().size());
        assertEquals(backup(0).backupId(), plan.keep().get(0).backupId(), "newest first");
        assertEquals(
                "older than 14d (age 14d10h) and not one of the newest 7",
                plan.delete().get(0).reason());
        assertEquals("newest backup, always kept", plan.keep().get(0).reason());
        assertEquals("one of the newest 7", plan.keep().get(1).reason());
        assertEquals("not older than 14d (age 13d10h)", plan.keep().get(13).reason());
    }

    @Test
    void keepLastProtectsOldBackupsWhenBackupsStopped() {
        // backups stopped a month ago: maxAge alone would delete all of them but the newest
        List<Manifest> old = List.of(
                backup(30),
                backup(31),
                backup(32),
                backup(33),
                backup(34),
                backup(35),
                backup(36),
                backup(37),
                backup(38));
        RetentionPlan plan = RetentionPolicy.parse(7, "14d", null).plan(old, NOW);
        assertEquals(ids(37, 38), plan.deleteIds());
        assertEquals(
                ids(30, 31, 32, 33, 34, 35, 36),
                plan.keep().stream().map(RetentionPlan.Entry::backupId).toList());
    }

    @Test
    void keepLastAloneKeepsOnlyThatMany() {
        RetentionPlan plan = RetentionPolicy.parse(3, null, null).plan(nightly(6), NOW);
        assertEquals(ids(3, 4, 5), plan.deleteIds());
        assertEquals("not one of the newest 3", plan.delete().get(0).reason());
    }

    @Test
    void maxAgeAloneDeletesOlderBackups() {
        RetentionPlan plan = RetentionPolicy.parse(null, "2d12h", null).plan(nightly(5), NOW);
        // ages 0d10h, 1d10h, 2d10h kept; 3d10h, 4d10h deleted
        assertEquals(ids(3, 4), plan.deleteIds());
        assertEquals("older than 2d12h (age 3d10h)", plan.delete().get(0).reason());
    }

    @Test
    void theNewestBackupIsNeverDeleted() {
        RetentionPlan zero = RetentionPolicy.parse(0, "0", null).plan(nightly(4), NOW);
        assertEquals(ids(1, 2, 3), zero.deleteIds());
        assertEquals(
                ids(0), zero.keep().stream().map(RetentionPlan.Entry::backupId).toList());

        RetentionPlan onlyOneVeryOld = RetentionPolicy.parse(0, "1m", null).plan(List.of(backup(400)), NOW);
        assertTrue(onlyOneVeryOld.deletesNothing());

        assertTrue(RetentionPolicy.parse(0, "0m", null).plan(List.of(), NOW).deletesNothing());
    }

    @Test
    void withoutSettingsNothingIsDeleted() {
        RetentionPlan plan = RetentionPolicy.parse(null, null, null).plan(nightly(30), NOW);
        assertTrue(plan.deletesNothing());
        assertEquals(30, plan.keep().size());
        assertEquals("no retention set", plan.keep().get(1).reason());
        assertTrue(RetentionPolicy.keepAll().plan(nightly(3), NOW).deletesNothing());
        assertTrue(
                RetentionPolicy.parse(null, "  ", null).plan(nightly(3), NOW).deletesNothing(),
                "blank maxAge is not set");
    }

    @Test
    void sameStartTimeIsOrderedByIdAndBackupsFromTheFutureAreYoung() {
        Instant t = NOW.minus(Duration.ofDays(10));
        List<Manifest> tie = List.of(manifest("20261116T120000Z-a", t), manifest("20261116T120000Z-b", t));
        RetentionPlan plan = RetentionPolicy.parse(0, "1d", null).plan(tie, NOW);
        assertEquals(List.of("20261116T120000Z-a"), plan.deleteIds(), "the higher id is the newest");

        // a clock ahead of the operator's: a backup "from the future" is not older than anything
        Manifest ahead = manifest("20261126T120500Z", NOW.plusSeconds(300));
        RetentionPlan skewed = RetentionPolicy.parse(0, "0", null).plan(List.of(ahead, backup(1)), NOW);
        assertEquals(ids(1), skewed.deleteIds());
    }

    @Test
    void ambiguousOrUndatedManifestsAreKept() {
        Manifest copyA = manifest("20261101T020000Z", NOW.minus(Duration.ofDays(25)));
        Manifest copyB = manifest("20261101T020000Z", NOW.minus(Duration.ofDays(25)));
        Manifest dated = manifest("20261102T020000Z", NOW.minus(Duration.ofDays(24)));
        Manifest noStart = new Manifest(1, "20261103T020000Z", null, null, null, Compression.ZSTD, Map.of(), List.of());
        RetentionPlan plan =
                RetentionPolicy.parse(0, "1d", null).plan(List.of(copyA, copyB, dated, noStart, backup(0)), NOW);
        assertEquals(List.of("20261102T020000Z"), plan.deleteIds());
        assertTrue(
                plan.keep().stream().anyMatch(e -> e.reason().contains("more than one manifest names this backup id")));
        assertTrue(plan.keep().stream()
                .anyMatch(e ->
                        e.backupId().equals("20261103T020000Z") && e.reason().contains("age is unknown")));
    }

    @Test
    void durationsAreReadAsPeopleWriteThem() {
        assertEquals(Duration.ofDays(14), DurationText.parse("maxAge", "14d"));
        assertEquals(Duration.ofHours(12), DurationText.parse("maxAge", "12h"));
        assertEquals(Duration.ofMinutes(30), DurationText.parse("maxAge", "30m"));
        assertEquals(Duration.ofDays(14), DurationText.parse("maxAge", "2w"));
        assertEquals(Duration.ofHours(36), DurationText.parse("maxAge", "1d12h"));
        assertEquals(Duration.ofDays(8).plusHours(1).plusMinutes(5), DurationText.parse("maxAge", " 1w1d1h5m "));
        assertEquals(Duration.ofDays(3), DurationText.parse("maxAge", "3D"));
        assertEquals(Duration.ZERO, DurationText.parse("maxAge", "0"));
        assertEquals(Duration.ZERO, DurationText.parse("maxAge", "0d"));
        assertEquals(
                "15d3h", DurationText.format(Duration.ofDays(15).plusHours(3).plusSeconds(59)));
        assertEquals("45m", DurationText.format(Duration.ofMinutes(45)));
        assertEquals("0m", DurationText.format(Duration.ofSeconds(20)));
        assertEquals("-5m", DurationText.format(Duration.ofMinutes(-5)));
    }

    @Test
    void badSettingsGiveClearErrors() {
        for (String bad : new String[] {"14", "14 days", "1h1d", "1d1d", "d", "-1d", "1.5d", "P14D", "14s", "", "1y"}) {
            BackupException e = assertThrows(
                    BackupException.class, () -> RetentionPolicy.parse(7, bad.isEmpty() ? "x" : bad, null), bad);
            assertEquals(BackupException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().startsWith("retention maxAge \""), e.getMessage());
            assertTrue(e.getMessage().contains("e.g. 14d, 12h, 30m, 2w or 1d12h"), e.getMessage());
        }
        BackupException huge =
                assertThrows(BackupException.class, () -> DurationText.parse("maxAge", "99999999999999999999d"));
        assertTrue(huge.getMessage().contains("too large"));
        BackupException negative = assertThrows(BackupException.class, () -> RetentionPolicy.parse(-1, "14d", null));
        assertTrue(negative.getMessage().contains("keepLast must be 0 or more"));
        BackupException failed = assertThrows(BackupException.class, () -> RetentionPolicy.parse(7, "14d", -2));
        assertTrue(failed.getMessage().contains("keepFailed must be 0 or more"));
    }

    @Test
    void failedAttemptsRememberedAreTheNewestFew() {
        assertEquals(3, RetentionPolicy.parse(null, null, null).keepFailed());
        RetentionPolicy policy = RetentionPolicy.parse(null, null, 2);
        assertEquals(List.of("f5", "f4"), policy.failedToRemember(List.of("f5", "f4", "f3", "f2")));
        assertEquals(List.of("f1"), policy.failedToRemember(List.of("f1")));
        assertEquals(List.of(), RetentionPolicy.parse(null, null, 0).failedToRemember(List.of("f1")));
    }

    @Test
    void ranksAnyDatedEntriesLikeBackups() {
        List<RetentionCandidate> snapshots = List.of(
                new RetentionCandidate("snap-old", NOW.minus(Duration.ofDays(20))),
                new RetentionCandidate("snap-new", NOW.minus(Duration.ofDays(1))),
                new RetentionCandidate("snap-mid", NOW.minus(Duration.ofDays(10))));
        RetentionPlan plan = RetentionPolicy.parse(null, "14d", null).rank(snapshots, NOW);
        assertEquals(List.of("snap-old"), plan.deleteIds());
        assertEquals(
                List.of("snap-new", "snap-mid"),
                plan.keep().stream().map(RetentionPlan.Entry::backupId).toList());
        // the newest is kept even when every entry is too old
        assertEquals(
                List.of("snap-mid", "snap-old"),
                RetentionPolicy.parse(null, "1h", null).rank(snapshots, NOW).deleteIds());
    }
}
