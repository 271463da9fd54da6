package dev.accountbackup.engine.snapshot;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Restores a snapshot into a NEW DB instance, or a new DB cluster with its first instance ({@code restoreAs + "-1"}).
 * An existing instance or cluster is never touched, unless it carries all the request's tags: then it is this
 * restore's own target, made before a restart, and is followed. {@link #step()} has the contract of
 * {@link SnapshotRun#step()}.
 */
public final class SnapshotRestore {

    private final SnapshotRestoreRequest request;
    private final RdsConnection rds;
    private final RdsClient client;

    public SnapshotRestore(RdsConnection rds, SnapshotRestoreRequest request) {
        this.rds = rds;
        this.request = request;
        this.client = rds.client(request.region());
    }

    public SnapshotRestoreProgress step() {
        return request.kind() == SnapshotKind.INSTANCE ? stepInstance() : stepCluster();
    }

    private SnapshotRestoreProgress stepInstance() {
        DBInstance instance = instance(request.restoreAs(), this::restoreInstance);
        return new SnapshotRestoreProgress(
                instance.dbInstanceIdentifier(),
                instance.dbInstanceArn(),
                instance.dbInstanceStatus(),
                instance.endpoint() == null ? null : instance.endpoint().address(),
                instance.endpoint() == null ? null : instance.endpoint().port(),
                "available".equals(instance.dbInstanceStatus()));
    }

    private SnapshotRestoreProgress stepCluster() {
        DBCluster cluster = findOrStart(
                "DB cluster",
                request.restoreAs(),
                () -> describeCluster(request.restoreAs()),
                this::restoreCluster,
                DBCluster::tagList,
                DBCluster::status);
        DBInstance first = instance(request.restoreAs() + "-1", () -> createFirstInstance(cluster));
        boolean clusterAvailable = "available".equals(cluster.status());
        return new SnapshotRestoreProgress(
                cluster.dbClusterIdentifier(),
                cluster.dbClusterArn(),
                clusterAvailable ? first.dbInstanceStatus() : cluster.status(),
                cluster.endpoint(),
                cluster.port(),
                clusterAvailable && "available".equals(first.dbInstanceStatus()));
    }

    private DBInstance instance(String identifier, Supplier<Optional<DBInstance>> start) {
        return findOrStart(
                "DB instance",
                identifier,
                () -> describeInstance(identifier),
                start,
                DBInstance::tagList,
                DBInstance::dbInstanceStatus);
    }

    /**
     * The instance or cluster under {@code identifier}: followed when it carries the request's tags, started when
     * missing, refused otherwise. A start that finds it exists already looks again, with the same test.
     */
    private <T> T findOrStart(
            String noun,
            String identifier,
            Supplier<Optional<T>> describe,
            Supplier<Optional<T>> start,
            Function<T, List<Tag>> tags,
            Function<T, String> status) {
        Optional<T> found = describe.get();
        if (found.isEmpty()) {
            Optional<T> started = start.get();
            if (started.isPresent()) {
                return started.get();
            }
            found = describe.get();
        }
        T target = found.orElseThrow(() -> new BackupException(
                Kind.CLOUD_UNAVAILABLE,
                "RDS reported " + noun + " " + identifier
                        + " as existing, then as missing; the next attempt looks again"));
        if (!RdsTags.carriesAll(RdsTags.toMap(tags.apply(target)), request.tags())) {
            throw BackupException.invalid("refusing to touch existing " + noun + " " + identifier + " in "
                    + request.region() + ": restoreAs must name a new " + noun
                    + "; restoring in place is done by the JSON restore");
        }
        String state = status.apply(target);
        if (state != null
                && (state.equals("failed") || state.startsWith("incompatible-") || state.startsWith("inaccessible-"))) {
            throw new BackupException(
                    Kind.CLOUD_FAILED,
                    "the restored " + noun + " " + identifier + " is " + state + " in RDS: see its"
                            + " events in the RDS console, delete it, and restore again (check the instance class, subnet group,"
                            + " security groups and parameter group)");
        }
        return target;
    }

    private Optional<DBInstance> describeInstance(String identifier) {
        return RdsErrors.callExpecting(
                "DescribeDBInstances",
                "looking up DB instance " + identifier,
                request.region(),
                () -> client.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream()
                        .findFirst(),
                DbInstanceNotFoundException.class,
                Optional.empty());
    }

    private Optional<DBCluster> describeCluster(String identifier) {
        return RdsErrors.callExpecting(
                "DescribeDBClusters",
                "looking up DB cluster " + identifier,
                request.region(),
                () -> client.describeDBClusters(r -> r.dbClusterIdentifier(identifier)).dbClusters().stream()
                        .findFirst(),
                DbClusterNotFoundException.class,
                Optional.empty());
    }

    private Optional<DBInstance> restoreInstance() {
        return start(
                "RestoreDBInstanceFromDBSnapshot",
                "restoring DB snapshot " + request.snapshotIdentifier() + " as " + request.restoreAs(),
                DbInstanceAlreadyExistsException.class,
                () -> client.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier(request.restoreAs())
                                .dbSnapshotIdentifier(request.snapshotIdentifier())
                                .dbInstanceClass(request.instanceClass())
                                .dbSubnetGroupName(request.subnetGroup())
                                .vpcSecurityGroupIds(securityGroups())
                                .dbParameterGroupName(request.parameterGroup())
                                .multiAZ(request.multiAz())
                                .publiclyAccessible(request.publiclyAccessible())
                                .tags(RdsTags.toTagList(request.tags())))
                        .dbInstance());
    }

    private Optional<DBCluster> restoreCluster() {
        // RestoreDBClusterFromSnapshot needs the engine, which only the snapshot knows
        SnapshotInfo snapshot = SnapshotCatalog.find(
                        rds, SnapshotKind.CLUSTER, request.region(), request.snapshotIdentifier())
                .orElseThrow(() -> new BackupException(
                        Kind.CLOUD_FAILED,
                        "DBClusterSnapshotNotFoundFault: RDS in " + request.region()
                                + " has no DB cluster snapshot " + request.snapshotIdentifier()
                                + "; check the snapshot identifier"
                                + " and the region"));
        return start(
                "RestoreDBClusterFromSnapshot",
                "restoring DB cluster snapshot " + request.snapshotIdentifier() + " as " + request.restoreAs(),
                DbClusterAlreadyExistsException.class,
                () -> client.restoreDBClusterFromSnapshot(r -> r.dbClusterIdentifier(request.restoreAs())
                                .snapshotIdentifier(request.snapshotIdentifier())
                                .engine(snapshot.engine())
                                .dbSubnetGroupName(request.subnetGroup())
                                .vpcSecurityGroupIds(securityGroups())
                                .dbClusterParameterGroupName(request.parameterGroup())
                                .tags(RdsTags.toTagList(request.tags())))
                        .dbCluster());
    }

    private Optional<DBInstance> createFirstInstance(DBCluster cluster) {
        String identifier = request.restoreAs() + "-1";
        return start(
                "CreateDBInstance",
                "creating DB instance " + identifier + " in DB cluster " + cluster.dbClusterIdentifier(),
                DbInstanceAlreadyExistsException.class,
                () -> client.createDBInstance(r -> r.dbInstanceIdentifier(identifier)
                                .dbClusterIdentifier(cluster.dbClusterIdentifier())
                                .engine(cluster.engine())
                                .dbInstanceClass(request.instanceClass())
                                .publiclyAccessible(request.publiclyAccessible())
                                .tags(RdsTags.toTagList(request.tags())))
                        .dbInstance());
    }

    /** One create call; empty when the target exists already (a concurrent or earlier start). */
    private <T> Optional<T> start(
            String action, String doing, Class<? extends AwsServiceException> alreadyExists, Supplier<T> call) {
        return RdsErrors.callExpecting(
                action, doing, request.region(), () -> Optional.of(call.get()), alreadyExists, Optional.empty());
    }

    /** Null when none are given: RDS then applies the VPC's default security group. */
    private List<String> securityGroups() {
        return request.securityGroupIds().isEmpty() ? null : request.securityGroupIds();
    }
}
