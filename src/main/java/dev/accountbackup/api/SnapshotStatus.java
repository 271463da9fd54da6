package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The RDS snapshot of a backup run and its copies into other regions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotStatus extends SnapshotState {

    @JsonPropertyDescription(
            "The copies into other regions (spec.snapshot.copyTo), started once the snapshot is available.")
    private List<SnapshotState> copies = new ArrayList<>();

    public List<SnapshotState> getCopies() {
        return copies;
    }

    public void setCopies(List<SnapshotState> copies) {
        this.copies = copies;
    }
}
