package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An RDS snapshot of the whole DB instance or Aurora cluster, taken by each run of the backup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotSpec {

    @JsonPropertyDescription(
            "The RDS DB instance to snapshot. Exactly one of dbInstanceIdentifier and dbClusterIdentifier.")
    private String dbInstanceIdentifier;

    @JsonPropertyDescription(
            "The Aurora DB cluster to snapshot. Exactly one of dbInstanceIdentifier and dbClusterIdentifier.")
    private String dbClusterIdentifier;

    @Required
    @JsonPropertyDescription("AWS region of the instance or cluster, e.g. eu-west-3.")
    private String region;

    @JsonPropertyDescription("Copies of each snapshot into other regions, made once the snapshot is available.")
    private List<SnapshotCopySpec> copyTo = new ArrayList<>();

    @JsonPropertyDescription(
            "Tags added to every snapshot and copy, besides the operator's ownership tags (accountbackup.dev/...).")
    private Map<String, String> tags = new LinkedHashMap<>();

    @JsonPropertyDescription(
            "Name of a Secret in the same namespace with the keys 'accessKeyId', 'secretAccessKey' and optionally"
                    + " 'sessionToken'. Default: the AWS default credentials chain of the operator (environment, IRSA web identity, instance profile),"
                    + " in the namespaces the operator allows to use it (ACCOUNT_BACKUP_OPERATOR_CREDENTIALS_NAMESPACES).")
    private String credentialsSecret;

    @JsonPropertyDescription(
            "Where the namespace's erasure ledger is kept, for a backup that keeps only RDS snapshots (no storage):"
                    + " the storage (s3 or filesystem, as in spec.storage) whose <namespace>/_erasures/ folder AccountErasures"
                    + " naming this backup write and snapshot restores of it apply. Name the storage of the namespace's other"
                    + " backups, so that one ledger serves all. Without it, a snapshot restore of this backup fails unless it"
                    + " sets ignoreErasures: true. Not allowed beside spec.storage, whose ledger is beside the backups.")
    private StorageSpec erasureLedger;

    public String getDbInstanceIdentifier() {
        return dbInstanceIdentifier;
    }

    public void setDbInstanceIdentifier(String dbInstanceIdentifier) {
        this.dbInstanceIdentifier = dbInstanceIdentifier;
    }

    public String getDbClusterIdentifier() {
        return dbClusterIdentifier;
    }

    public void setDbClusterIdentifier(String dbClusterIdentifier) {
        this.dbClusterIdentifier = dbClusterIdentifier;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public List<SnapshotCopySpec> getCopyTo() {
        return copyTo;
    }

    public void setCopyTo(List<SnapshotCopySpec> copyTo) {
        this.copyTo = copyTo;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }

    public StorageSpec getErasureLedger() {
        return erasureLedger;
    }

    public void setErasureLedger(StorageSpec erasureLedger) {
        this.erasureLedger = erasureLedger;
    }
}
