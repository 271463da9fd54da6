package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.snapshot.SnapshotRestoreProgress;
import dev.accountbackup.engine.snapshot.SnapshotRestoreRequest;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.operator.snapshot.RdsFollower;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One attempt of a snapshot restore: the new instance created from the snapshot and followed until
 * available, then, when tables are listed, the table restore into it on the job executor.
 *
 * @param tables the table restore, whose target gets the new instance's endpoint; null for the snapshot alone
 */
record SnapshotRestoreRun(
        RdsFollower rds,
        AwsCredentials credentials,
        SnapshotKind kind,
        SnapshotRestoreAttempt attempt,
        Map<String, String> ownerTags,
        String backupName,
        Function<String, SnapshotRestoreRequest> request,
        RestoreJob tables) {

    CompletableFuture<RestoreOutcome> start(Executor executor) {
        CompletableFuture<SnapshotRestoreProgress> restored = rds.follow(
                credentials,
                "restore of an RDS snapshot into " + attempt.restoreAs(),
                connection -> new SnapshotRestoreSteps(connection, kind, attempt, ownerTags, backupName, request),
                SnapshotRestoreProgress::done,
                attempt.progress());
        return restored.thenCompose(instance -> tables == null
                ? CompletableFuture.completedFuture(new RestoreOutcome(null, null, instance))
                : CompletableFuture.supplyAsync(
                        () -> tables.into(
                                        instance.endpoint(),
                                        instance.port() == null ? DatabaseTarget.DEFAULT_PORT : instance.port())
                                .call()
                                .withSnapshot(instance),
                        executor));
    }
}
