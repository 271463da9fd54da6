package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.snapshot.SnapshotProgress;
import dev.accountbackup.engine.snapshot.SnapshotRun;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.operator.snapshot.RdsFollower;
import dev.accountbackup.operator.snapshot.SnapshotAttempt;
import java.util.concurrent.CompletableFuture;

/**
 * The RDS snapshot of one backup run: created (or, after a restart, found by its identifier and
 * ownership tags), then followed with its copies until all are available.
 */
record SnapshotJob(RdsFollower rds, AwsCredentials credentials, SnapshotAttempt attempt) {

    CompletableFuture<SnapshotProgress> start() {
        return rds.follow(
                credentials,
                "RDS snapshot " + attempt.request().identifier(),
                connection -> new SnapshotRun(connection, attempt.request())::step,
                SnapshotProgress::done,
                attempt.progress());
    }
}
