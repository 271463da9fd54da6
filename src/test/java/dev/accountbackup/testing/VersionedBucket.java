package dev.accountbackup.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bucket of {@link LockingS3Server}: every object version it was given, and the Object Lock rules of
 * the S3 user guide ("Locking objects with Object Lock"): a version under a retention date not yet past
 * or under a legal hold cannot be deleted by its id; a GOVERNANCE retention yields to the governance
 * bypass, a COMPLIANCE one to nothing; a retention may be extended, never shortened without the bypass.
 * Versioning is always on, as it is on every bucket created with Object Lock enabled.
 */
final class VersionedBucket {

    /** One version of one key; {@code data} is null for a delete marker. */
    static final class Version {
        final String key;
        final String id;
        final byte[] data;
        final Instant lastModified;
        String mode;
        Instant retainUntil;
        boolean legalHold;

        Version(String key, String id, byte[] data, Instant lastModified) {
            this.key = key;
            this.id = id;
            this.data = data;
            this.lastModified = lastModified;
        }

        boolean deleteMarker() {
            return data == null;
        }

        boolean lockedAt(Instant now, boolean bypassGovernance) {
            boolean retained = retainUntil != null && now.isBefore(retainUntil);
            return legalHold || retained && !("GOVERNANCE".equals(mode) && bypassGovernance);
        }
    }

    /** What S3 refuses, as the HTTP status and error code it answers. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private static final AtomicLong VERSION_IDS = new AtomicLong();

    final boolean objectLockEnabled;
    /** Newest version last, by key. */
    private final Map<String, List<Version>> versions = new TreeMap<>();

    private String defaultMode;
    private Duration defaultRetention;

    VersionedBucket(boolean objectLockEnabled) {
        this.objectLockEnabled = objectLockEnabled;
    }

    synchronized void defaultRetention(String mode, Duration period) {
        requireObjectLock();
        this.defaultMode = mode;
        this.defaultRetention = period;
    }

    synchronized Optional<String> defaultMode() {
        return Optional.ofNullable(defaultMode);
    }

    synchronized Optional<Duration> defaultRetention() {
        return Optional.ofNullable(defaultRetention);
    }

    /** Stores a new current version; without a lock of its own it gets the bucket's default retention. */
    synchronized Version put(
            String key, byte[] data, String mode, Instant retainUntil, boolean legalHold, Instant now) {
        if ((mode != null || legalHold) && !objectLockEnabled) {
            throw new Refusal(400, "InvalidRequest", "Bucket is missing Object Lock Configuration");
        }
        Version v = new Version(key, nextVersionId(), data, now);
        if (mode != null) {
            v.mode = mode;
            v.retainUntil = retainUntil;
        } else if (defaultMode != null) {
            v.mode = defaultMode;
            v.retainUntil = now.plus(defaultRetention);
        }
        v.legalHold = legalHold;
        versions.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        return v;
    }

    /** The given version, or the current one; a delete marker as current version counts as no object. */
    synchronized Optional<Version> get(String key, String versionId) {
        List<Version> all = versions.getOrDefault(key, List.of());
        if (versionId == null) {
            return all.isEmpty() || all.get(all.size() - 1).deleteMarker()
                    ? Optional.empty()
                    : Optional.of(all.get(all.size() - 1));
        }
        return all.stream().filter(v -> v.id.equals(versionId)).findFirst();
    }

    /** Without a version id: a delete marker on top, nothing removed. With one: that version, unless locked. */
    synchronized Optional<Version> delete(String key, String versionId, boolean bypassGovernance, Instant now) {
        if (versionId == null) {
            Version marker = new Version(key, nextVersionId(), null, now);
            versions.computeIfAbsent(key, k -> new ArrayList<>()).add(marker);
            return Optional.of(marker);
        }
        Optional<Version> found = get(key, versionId);
        if (found.isPresent()) {
            if (found.get().lockedAt(now, bypassGovernance)) {
                throw new Refusal(403, "AccessDenied", "Access Denied");
            }
            List<Version> all = versions.get(key);
            all.remove(found.get());
            if (all.isEmpty()) {
                versions.remove(key);
            }
        }
        return found;
    }

    synchronized void retain(Version v, String mode, Instant until, boolean bypassGovernance, Instant now) {
        requireObjectLock();
        if (!until.isAfter(now)) {
            throw new Refusal(400, "InvalidArgument", "The retain until date must be in the future!");
        }
        boolean shortened = v.retainUntil != null
                && now.isBefore(v.retainUntil)
                && (until.isBefore(v.retainUntil) || "COMPLIANCE".equals(v.mode) && !"COMPLIANCE".equals(mode));
        if (shortened && !("GOVERNANCE".equals(v.mode) && bypassGovernance)) {
            throw new Refusal(403, "AccessDenied", "Access Denied");
        }
        v.mode = mode;
        v.retainUntil = until;
    }

    synchronized void legalHold(Version v, boolean on) {
        requireObjectLock();
        v.legalHold = on;
    }

    /** Current objects below a prefix, by key. */
    synchronized List<Version> current(String prefix) {
        List<Version> result = new ArrayList<>();
        versions.forEach((key, all) -> {
            Version latest = all.get(all.size() - 1);
            if (key.startsWith(prefix) && !latest.deleteMarker()) {
                result.add(latest);
            }
        });
        return result;
    }

    /** Every version below a prefix, by key, newest first within a key, as ListObjectVersions orders them. */
    synchronized List<Version> all(String prefix) {
        List<Version> result = new ArrayList<>();
        versions.forEach((key, all) -> {
            if (key.startsWith(prefix)) {
                List<Version> newestFirst = new ArrayList<>(all);
                Collections.reverse(newestFirst);
                result.addAll(newestFirst);
            }
        });
        return result;
    }

    synchronized boolean isLatest(Version v) {
        List<Version> all = versions.getOrDefault(v.key, List.of());
        return !all.isEmpty() && all.get(all.size() - 1) == v;
    }

    private void requireObjectLock() {
        if (!objectLockEnabled) {
            throw new Refusal(400, "InvalidRequest", "Bucket is missing Object Lock Configuration");
        }
    }

    private static String nextVersionId() {
        return "v" + Long.toString(VERSION_IDS.incrementAndGet(), 36) + "." + Long.toHexString(System.nanoTime());
    }
}
