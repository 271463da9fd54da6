package dev.accountbackup.operator.snapshot;

import dev.accountbackup.engine.snapshot.RdsConnection;
import dev.accountbackup.engine.storage.AwsCredentials;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Follows RDS work (snapshots, copies, new instances) off the reconcile thread, on one connection closed at the end. */
public final class RdsFollower {

    private final RdsConnections connections;
    private final StepFollower follower;

    public RdsFollower(RdsConnections connections, StepFollower follower) {
        this.connections = connections;
        this.follower = follower;
    }

    /**
     * @param steps builds, from the connection, the step to call until done (e.g. {@code SnapshotRun::step})
     * @return completes with the final progress; cancelling it stops following (the work in AWS goes on)
     */
    public <P> CompletableFuture<P> follow(
            AwsCredentials credentials,
            String what,
            Function<RdsConnection, Supplier<P>> steps,
            Predicate<P> done,
            LatestProgress<P> progress) {
        RdsConnection connection;
        try {
            connection = connections.open(credentials);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<P> result = follower.follow(what, steps.apply(connection), done, progress::set);
        result.whenComplete((value, error) -> connection.close());
        return result;
    }

    public RdsConnections connections() {
        return connections;
    }
}
