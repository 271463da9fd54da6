package dev.accountbackup.engine.retention;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.retention.RetentionPlan.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many complete backups a set keeps. A backup is kept when any rule keeps it:
 * <ul>
 *   <li>it is the newest backup: always kept, whatever the settings, so a set never ends up empty;</li>
 *   <li>{@code keepLast}: it is one of the newest {@code keepLast};</li>
 *   <li>{@code maxAge}: it is no older than {@code maxAge}.</li>
 * </ul>
 * Every other backup is deleted. With neither setting nothing is deleted; with only {@code keepLast}
 * the older ones go; with both, "keep 14 days and at least the last 7".
 *
 * <p>Age is measured from the manifest's {@code startedAt}: the moment the data was read, which is
 * what matters for how long personal data is held (a catch-up run started hours after its scheduled
 * time holds that later data). Only complete backups, listed through their manifests, are ever
 * candidates: failed attempts and backups still being written have no manifest.
 *
 * <p>A backup under an S3 Object Lock that has not expired is kept whatever the rules say (S3 would
 * refuse, or on a versioned bucket only hide it); it still counts in the ranking, so a lock never makes
 * retention delete another backup that the rules would have kept.
 *
 * @param keepLast   null when not set
 * @param maxAge     null when not set
 * @param keepFailed how many failed attempts status remembers
 */
public record RetentionPolicy(Integer keepLast, Duration maxAge, int keepFailed) {

    public static final int DEFAULT_KEEP_FAILED = 3;

    public RetentionPolicy {
        if (keepLast != null && keepLast < 0) {
            throw BackupException.invalid("retention keepLast must be 0 or more (got " + keepLast + ")");
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw BackupException.invalid(
                    "retention maxAge must not be negative (got " + DurationText.format(maxAge) + ")");
        }
        if (keepFailed < 0) {
            throw BackupException.invalid("retention keepFailed must be 0 or more (got " + keepFailed + ")");
        }
    }

    /** Reads the spec fields; null or blank means not set ({@link #DEFAULT_KEEP_FAILED} for keepFailed). */
    public static RetentionPolicy parse(Integer keepLast, String maxAge, Integer keepFailed) {
        Duration age = maxAge == null || maxAge.isBlank() ? null : DurationText.parse("retention maxAge", maxAge);
        return new RetentionPolicy(keepLast, age, keepFailed == null ? DEFAULT_KEEP_FAILED : keepFailed);
    }

    /** No retention: every backup is kept. */
    public static RetentionPolicy keepAll() {
        return new RetentionPolicy(null, null, DEFAULT_KEEP_FAILED);
    }

    /** The failed attempts status should remember: the newest {@code keepFailed} of a newest-first list. */
    public <T> List<T> failedToRemember(List<T> failedNewestFirst) {
        return List.copyOf(failedNewestFirst.subList(0, Math.min(keepFailed, failedNewestFirst.size())));
    }

    /**
     * Decides which backups to delete.
     *
     * @param completeBackups the manifests of one set, in any order (as {@code BackupLocation.list()} gives them)
     */
    public RetentionPlan plan(List<Manifest> completeBackups, Instant now) {
        List<Entry> keep = new ArrayList<>();
        // two manifests naming the same id mean a folder was copied by hand: deleting by id could hit the wrong one
        Map<String, Long> idCounts =
                completeBackups.stream().collect(Collectors.groupingBy(Manifest::backupId, Collectors.counting()));
        List<RetentionCandidate> ranked = new ArrayList<>();
        for (Manifest m : completeBackups) {
            if (m.startedAt() == null) {
                keep.add(new Entry(m.backupId(), null, "no start time in its manifest, so its age is unknown"));
            } else if (idCounts.get(m.backupId()) > 1) {
                keep.add(new Entry(
                        m.backupId(),
                        m.startedAt(),
                        "more than one manifest names this backup id; check the backup folders"));
            } else {
                ranked.add(new RetentionCandidate(m.backupId(), m.startedAt()));
            }
        }
        RetentionPlan plan = rank(ranked, now);
        keep.addAll(plan.keep());
        Map<String, Manifest> byId =
                completeBackups.stream().collect(Collectors.toMap(Manifest::backupId, m -> m, (a, b) -> a));
        List<Entry> delete = new ArrayList<>();
        List<Entry> locked = new ArrayList<>();
        for (Entry e : plan.delete()) {
            Manifest m = byId.get(e.backupId());
            if (m.lockedAt(now)) {
                locked.add(new Entry(
                        e.backupId(), e.startedAt(), m.objectLock().describe() + ", then due: " + e.reason()));
            } else {
                delete.add(e);
            }
        }
        keep.addAll(locked);
        return new RetentionPlan(newestFirst(keep), delete, locked);
    }

    /**
     * Decides which of any dated things (backups, database snapshots) to delete, by their time alone.
     *
     * @param candidates distinct ids, each with its time, in any order
     */
    public RetentionPlan rank(List<RetentionCandidate> candidates, Instant now) {
        List<Entry> keep = new ArrayList<>();
        List<Entry> delete = new ArrayList<>();
        List<RetentionCandidate> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.comparing(RetentionCandidate::time)
                .thenComparing(RetentionCandidate::id)
                .reversed());
        for (int rank = 0; rank < ranked.size(); rank++) {
            RetentionCandidate c = ranked.get(rank);
            String keptBecause = keptBecause(rank, c.time(), now);
            if (keptBecause != null) {
                keep.add(new Entry(c.id(), c.time(), keptBecause));
            } else {
                delete.add(new Entry(c.id(), c.time(), deletedBecause(c.time(), now)));
            }
        }
        return new RetentionPlan(newestFirst(keep), newestFirst(delete));
    }

    private static List<Entry> newestFirst(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::startedAt, Comparator.nullsFirst(Comparator.reverseOrder())));
        return sorted;
    }

    /** Why a backup is kept, or null when no rule keeps it. */
    private String keptBecause(int rank, Instant startedAt, Instant now) {
        if (rank == 0) {
            return "newest backup, always kept";
        }
        if (keepLast == null && maxAge == null) {
            return "no retention set";
        }
        if (keepLast != null && rank < keepLast) {
            return "one of the newest " + keepLast;
        }
        Duration age = Duration.between(startedAt, now);
        if (maxAge != null && age.compareTo(maxAge) <= 0) {
            return "not older than " + DurationText.format(maxAge) + " (age " + DurationText.format(age) + ")";
        }
        return null;
    }

    private String deletedBecause(Instant startedAt, Instant now) {
        List<String> reasons = new ArrayList<>();
        if (maxAge != null) {
            reasons.add("older than " + DurationText.format(maxAge) + " (age "
                    + DurationText.format(Duration.between(startedAt, now)) + ")");
        }
        if (keepLast != null) {
            reasons.add("not one of the newest " + keepLast);
        }
        return String.join(" and ", reasons);
    }
}
