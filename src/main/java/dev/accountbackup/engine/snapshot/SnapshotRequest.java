package dev.accountbackup.engine.snapshot;

import dev.accountbackup.engine.BackupException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One snapshot to take, and the regions it is copied to under the same identifier.
 *
 * @param identifier the snapshot's identifier (see {@link SnapshotNames#forRun}), also the identifier of every copy
 * @param tags       every tag to put on the snapshot and its copies: the caller passes ownership tags + run-id tag + user tags
 * @param ownerTags  the tags that mark a snapshot as made by this backup; a snapshot found under {@code identifier}
 *                   without all of them is never adopted
 */
public record SnapshotRequest(
        SnapshotSource source,
        String identifier,
        Map<String, String> tags,
        Map<String, String> ownerTags,
        List<CopyTarget> copies) {

    public SnapshotRequest {
        if (source == null) {
            throw BackupException.invalid("a snapshot request needs the DB instance or cluster to snapshot");
        }
        if (identifier == null || identifier.isBlank()) {
            throw BackupException.invalid("a snapshot request needs the snapshot identifier");
        }
        ownerTags = RdsTags.requireOwnerTags(ownerTags);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if (!RdsTags.carriesAll(tags, ownerTags)) {
            throw new IllegalArgumentException("the snapshot tags must include the ownership tags");
        }
        copies = copies == null ? List.of() : List.copyOf(copies);
        Set<String> regions = new HashSet<>();
        for (CopyTarget copy : copies) {
            if (copy.region().equals(source.region())) {
                throw BackupException.invalid("a snapshot copy to " + copy.region() + " would be in the region of the "
                        + source.kind().sourceNoun() + " itself: copy to other regions only");
            }
            if (!regions.add(copy.region())) {
                throw BackupException.invalid("two snapshot copies to " + copy.region() + ": give each region once");
            }
        }
    }
}
