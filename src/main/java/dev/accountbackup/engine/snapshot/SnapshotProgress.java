package dev.accountbackup.engine.snapshot;

import java.util.List;

/**
 * Where a snapshot run stands.
 *
 * @param copies the copies started so far, in the order of the request's copy targets
 * @param done   true once the snapshot AND every copy are available
 */
public record SnapshotProgress(SnapshotInfo snapshot, List<SnapshotInfo> copies, boolean done) {

    public SnapshotProgress {
        copies = List.copyOf(copies);
    }
}
