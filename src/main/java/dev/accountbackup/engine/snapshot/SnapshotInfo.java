package dev.accountbackup.engine.snapshot;

import java.time.Instant;
import java.util.Map;

/**
 * Everything status shows about one snapshot (the original or a copy).
 *
 * @param progressPercent 0..100 as RDS reports it
 * @param createdAt       when RDS took the snapshot; {@code null} while RDS has not said yet
 * @param tags            the snapshot's tags, as RDS lists them
 */
public record SnapshotInfo(
        String identifier,
        String arn,
        String region,
        SnapshotKind kind,
        String status,
        int progressPercent,
        Integer allocatedStorageGiB,
        boolean encrypted,
        String kmsKeyId,
        Instant createdAt,
        String engine,
        Map<String, String> tags) {

    public SnapshotInfo {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public boolean isAvailable() {
        return "available".equals(status);
    }

    /**
     * "failed", or one of RDS's "incompatible-..." states: RDS gave up, the snapshot never becomes available.
     * ("creating", "copying", "pending" and "deleting" are the other states besides "available".)
     */
    public boolean isFailed() {
        return status != null && (status.equals("failed") || status.startsWith("incompatible-"));
    }

    /** Whether the snapshot carries every one of {@code wanted}, with the same values. */
    public boolean carriesAll(Map<String, String> wanted) {
        return RdsTags.carriesAll(tags, wanted);
    }
}
