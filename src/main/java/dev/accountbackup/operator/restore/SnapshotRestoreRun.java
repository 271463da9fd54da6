package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.InstanceErasureResult;
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
 * available, then, on the job executor, the erased accounts deleted from it and, when tables are
 * listed, the table restore into it.
 *
 * @param erasure the deletion of the namespace's erased accounts from the new instance
 * @param tables  the table restore, whose target gets the new instance's endpoint; null for the snapshot alone
 */
record SnapshotRestoreRun(
        RdsFollower rds,
        AwsCredentials credentials,
        SnapshotKind kind,
        SnapshotRestoreAttempt attempt,
        Map<String, String> ownerTags,
        String backupName,
        Function<String, SnapshotRestoreRequest> request,
        SnapshotErasure erasure,
        RestoreJob tables) {

    CompletableFuture<RestoreOutcome> start(Executor executor) {
        CompletableFuture<SnapshotRestoreProgress> restored = rds.follow(
                credentials,
                "restore of an RDS snapshot into " + attempt.restoreAs(),
                connection -> new SnapshotRestoreSteps(connection, kind, attempt, ownerTags, backupName, request),
                SnapshotRestoreProgress::done,
                attempt.progress());
        return restored.thenCompose(instance -> CompletableFuture.supplyAsync(
                () -> {
                    InstanceErasureResult erased = erasure.apply(instance);
                    RestoreOutcome outcome = tables == null
                            ? new RestoreOutcome(null, null, instance)
                            : tables.into(
                                            instance.endpoint(),
                                            instance.port() == null ? DatabaseTarget.DEFAULT_PORT : instance.port())
                                    .call()
                                    .withSnapshot(instance);
                    return outcome.withInstanceErasures(erased);
                },
                executor));
    }
}
