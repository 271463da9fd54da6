package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The DB instance (or cluster) a snapshot restore creates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoredInstanceStatus {

    @JsonPropertyDescription("The snapshot restored.")
    private String snapshotIdentifier;

    @JsonPropertyDescription("AWS region of the snapshot and the new instance.")
    private String region;

    @JsonPropertyDescription("Identifier of the new DB instance (or cluster).")
    private String identifier;

    @JsonPropertyDescription("ARN of the new DB instance (or cluster).")
    private String arn;

    @JsonPropertyDescription("Status as RDS reports it: creating, backing-up, available...")
    private String status;

    @JsonPropertyDescription("Host name to connect to, once available.")
    private String endpoint;

    @JsonPropertyDescription("Port to connect to, once available.")
    private Integer port;

    @JsonPropertyDescription(
            "The erased accounts deleted from the new instance before the restore succeeded: counts," + " never keys.")
    private InstanceErasuresStatus erasures;

    public InstanceErasuresStatus getErasures() {
        return erasures;
    }

    public void setErasures(InstanceErasuresStatus erasures) {
        this.erasures = erasures;
    }

    public String getSnapshotIdentifier() {
        return snapshotIdentifier;
    }

    public void setSnapshotIdentifier(String snapshotIdentifier) {
        this.snapshotIdentifier = snapshotIdentifier;
    }

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

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
