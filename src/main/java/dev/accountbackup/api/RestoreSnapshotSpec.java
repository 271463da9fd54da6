package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Restores the backup's RDS snapshot into a new DB instance (or Aurora cluster with its first instance). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreSnapshotSpec {

    @Required
    @JsonPropertyDescription(
            "Identifier of the new DB instance (or cluster) to create. It must not exist: an existing instance is never"
                    + " overwritten or modified (restoring in place is done by the JSON restore).")
    private String restoreAs;

    @JsonPropertyDescription(
            "Region to restore in: the backup's region (default) or one of its copyTo regions, to use the copy there.")
    private String region;

    @JsonPropertyDescription("Restore this snapshot identifier instead of the one of spec.backupId.")
    private String snapshotIdentifier;

    @JsonPropertyDescription(
            "DB instance class of the new instance, e.g. db.t4g.medium. Default: the snapshot's; required for a cluster's first instance.")
    private String instanceClass;

    @JsonPropertyDescription(
            "DB subnet group of the new instance or cluster. Default: the default subnet group of the region.")
    private String dbSubnetGroupName;

    @JsonPropertyDescription(
            "VPC security group ids of the new instance or cluster. Default: the VPC's default security group.")
    private List<String> vpcSecurityGroupIds = new ArrayList<>();

    @JsonPropertyDescription(
            "DB parameter group (cluster parameter group for Aurora) of the new instance or cluster. Default: the engine's default.")
    private String parameterGroupName;

    @JsonPropertyDescription("Create a Multi-AZ instance. Default: RDS's default (false).")
    private Boolean multiAZ;

    @JsonPropertyDescription("Give the new instance a public address. Default false.")
    private Boolean publiclyAccessible;

    @JsonPropertyDescription("Secret of this namespace with the keys 'username' and 'password' of a login to the new"
            + " instance that may delete from the account tables: once the instance is available, the accounts of the"
            + " namespace's erasure ledger are deleted from it with this login before the restore succeeds. Read only"
            + " when the ledger holds erasures. Default: the Secret of target.database, else that of the"
            + " AccountBackup's database (a restored snapshot keeps the source's logins).")
    private String credentialsSecret;

    public String getRestoreAs() {
        return restoreAs;
    }

    public void setRestoreAs(String restoreAs) {
        this.restoreAs = restoreAs;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getSnapshotIdentifier() {
        return snapshotIdentifier;
    }

    public void setSnapshotIdentifier(String snapshotIdentifier) {
        this.snapshotIdentifier = snapshotIdentifier;
    }

    public String getInstanceClass() {
        return instanceClass;
    }

    public void setInstanceClass(String instanceClass) {
        this.instanceClass = instanceClass;
    }

    public String getDbSubnetGroupName() {
        return dbSubnetGroupName;
    }

    public void setDbSubnetGroupName(String dbSubnetGroupName) {
        this.dbSubnetGroupName = dbSubnetGroupName;
    }

    public List<String> getVpcSecurityGroupIds() {
        return vpcSecurityGroupIds;
    }

    public void setVpcSecurityGroupIds(List<String> vpcSecurityGroupIds) {
        this.vpcSecurityGroupIds = vpcSecurityGroupIds;
    }

    public String getParameterGroupName() {
        return parameterGroupName;
    }

    public void setParameterGroupName(String parameterGroupName) {
        this.parameterGroupName = parameterGroupName;
    }

    public Boolean getMultiAZ() {
        return multiAZ;
    }

    public void setMultiAZ(Boolean multiAZ) {
        this.multiAZ = multiAZ;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }

    public Boolean getPubliclyAccessible() {
        return publiclyAccessible;
    }

    public void setPubliclyAccessible(Boolean publiclyAccessible) {
        this.publiclyAccessible = publiclyAccessible;
    }
}
