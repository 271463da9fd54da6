package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The outcome of a backup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountBackupStatus extends RunStatus {

    @JsonPropertyDescription("Id of the backup (its UTC start time, e.g. 20261126T124904Z): the folder holding it in storage.")
    private String backupId;

    @JsonPropertyDescription("Where the backup is stored, as a URI without credentials (s3://bucket/prefix/... or file:///...).")
    private String location;

    @JsonPropertyDescription("The tables in the backup, with row counts, file sizes and checksums.")
    private List<BackedUpTable> tables = new ArrayList<>();

    public String getBackupId() {
        return backupId;
    }

    public void setBackupId(String backupId) {
        this.backupId = backupId;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public List<BackedUpTable> getTables() {
        return tables;
    }

    public void setTables(List<BackedUpTable> tables) {
        this.tables = tables;
    }
}
