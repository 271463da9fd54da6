package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An RDS snapshot taken before an erasure: it cannot be edited, so it holds the accounts until it is deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PredatingSnapshotStatus {

    @JsonPropertyDescription("The snapshot's identifier.")
    private String identifier;

    @JsonPropertyDescription("The region it is in (the AccountBackup's own region or a copy region).")
    private String region;

    @JsonPropertyDescription("When RDS took it, RFC 3339 UTC.")
    private String createdAt;

    @JsonPropertyDescription("The earliest time the AccountBackup's retention deletes it (at its first scheduled run"
            + " after this time); unset when retention will not delete it by age.")
    private String deletedByRetentionAfter;

    @JsonPropertyDescription("How retention treats it, in words, e.g. 'older than 30d after 2027-01-05T02:00:00Z'.")
    private String retention;

    public String getIdentifier() {
        return identifier;
    }

    public void setIdentifier(String identifier) {
        this.identifier = identifier;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public String getDeletedByRetentionAfter() {
        return deletedByRetentionAfter;
    }

    public void setDeletedByRetentionAfter(String deletedByRetentionAfter) {
        this.deletedByRetentionAfter = deletedByRetentionAfter;
    }

    public String getRetention() {
        return retention;
    }

    public void setRetention(String retention) {
        this.retention = retention;
    }
}
