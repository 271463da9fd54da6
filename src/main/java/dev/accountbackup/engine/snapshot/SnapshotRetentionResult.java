package dev.accountbackup.engine.snapshot;

import java.util.List;

/**
 * What one retention pass over one backup's snapshots in one region did.
 *
 * @param kept     identifiers of the available snapshots kept, newest first
 * @param deleted  identifiers of the snapshots deleted, newest first
 * @param failures one sentence per snapshot that was to be deleted but could not be; the next pass retries
 */
public record SnapshotRetentionResult(String region, List<String> kept, List<String> deleted, List<String> failures) {

    public SnapshotRetentionResult {
        kept = List.copyOf(kept);
        deleted = List.copyOf(deleted);
        failures = List.copyOf(failures);
    }

    public boolean complete() {
        return failures.isEmpty();
    }
}
