package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.snapshot.SnapshotProgress;
import dev.accountbackup.operator.jobs.Work;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One backup attempt as a whole: the table export (on the job executor, or in a Kubernetes Job) and the RDS snapshot
 * followed beside it, always by the operator.
 * The attempt ends when both have ended, and succeeds only when both did. A failed export stops the
 * following of the snapshot at once (the next attempt finds the snapshot again by its identifier).
 *
 * @param export   null for a snapshot-only backup
 * @param snapshot null for a tables-only backup
 */
record ExportAndSnapshot(String backupId, Work<BackupOutcome> export, SnapshotJob snapshot) {

    CompletableFuture<BackupOutcome> start(Executor executor) {
        CompletableFuture<SnapshotProgress> snapshotDone =
                snapshot == null ? CompletableFuture.completedFuture(null) : snapshot.start();
        CompletableFuture<BackupOutcome> exportDone = export == null
                ? CompletableFuture.completedFuture(new BackupOutcome(null, null))
                : export.start(executor);
        exportDone.whenComplete((outcome, error) -> {
            if (error != null) {
                snapshotDone.cancel(false);
            }
        });
        return CompletableFuture.allOf(exportDone, snapshotDone)
                .handle((ignored, error) -> combine(exportDone, snapshotDone));
    }

    private BackupOutcome combine(
            CompletableFuture<BackupOutcome> exportDone, CompletableFuture<SnapshotProgress> snapshotDone) {
        // a failed export comes first: it is why the snapshot was no longer followed
        BackupOutcome exported = exportDone.join();
        try {
            return exported.withSnapshot(snapshotDone.join());
        } catch (CompletionException e) {
            if (export != null && e.getCause() instanceof BackupException failure) {
                throw new BackupException(
                        failure.kind(),
                        "the RDS snapshot failed: " + failure.getMessage() + " (the tables were exported as backup "
                                + backupId + ", which is kept)",
                        failure);
            }
            throw e;
        }
    }
}
