package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One RDS snapshot (or copy) as RDS last reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotState {

    @JsonPropertyDescription("AWS region of the snapshot.")
    private String region;

    @JsonPropertyDescription(
            "Snapshot identifier: accountbackup-<namespace>-<name>-<backup id>-<hash>, lower case, at most 63 characters.")
    private String identifier;

    @JsonPropertyDescription("ARN of the snapshot.")
    private String arn;

    @JsonPropertyDescription("Status as RDS reports it: creating, copying, available, failed...")
    private String status;

    @JsonPropertyDescription("Progress of the snapshot or copy, 0 to 100.")
    private Integer progressPercent;

    @JsonPropertyDescription("Allocated storage of the snapshotted database, in GiB.")
    private Integer allocatedStorageGiB;

    @JsonPropertyDescription("Whether the snapshot is encrypted.")
    private Boolean encrypted;

    @JsonPropertyDescription("When RDS created the snapshot, RFC 3339 UTC.")
    private String createdAt;

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getIdentifier() {
        return identifier;
    }

    public void setIdentifier(String identifier) {
        this.identifier = identifier;
    }

    public String getArn() {
        return arn;
    }

    public void setArn(String arn) {
        this.arn = arn;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public Integer getProgressPercent() {
        return progressPercent;
    }

    public void setProgressPercent(Integer progressPercent) {
        this.progressPercent = progressPercent;
    }

    public Integer getAllocatedStorageGiB() {
        return allocatedStorageGiB;
    }

    public void setAllocatedStorageGiB(Integer allocatedStorageGiB) {
        this.allocatedStorageGiB = allocatedStorageGiB;
    }

    public Boolean getEncrypted() {
        return encrypted;
    }

    public void setEncrypted(Boolean encrypted) {
        this.encrypted = encrypted;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }
}
