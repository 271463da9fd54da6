package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.ObjectLockSpec;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.report.RunReport;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.operator.jobs.batch.JobRun;
import dev.accountbackup.operator.jobs.batch.PodCommand;
import dev.accountbackup.operator.jobs.batch.SpecMounts;
import dev.accountbackup.operator.resolve.StoreOpener;
import java.util.Optional;

/**
 * The table export of a backup attempt as the {@code export} command of a Kubernetes Job: the same backup id, tables,
 * compression, labels, parallelism and Object Lock as {@link TableExportTask} in process, and the same handling of what an earlier
 * attempt left. The outcome is the manifest the Job wrote.
 */
record ExportJobRun(TableExportTask task, PodCommand command) implements JobRun<BackupOutcome> {

    /** @throws dev.accountbackup.engine.BackupException (INVALID) when a Job cannot run this spec's export */
    static ExportJobRun of(AccountBackupSpec spec, TableExportTask task) {
        PodCommand.Builder command = PodCommand.command("export");
        SpecMounts.database(command, spec.getDatabase());
        String root = SpecMounts.storage(command, spec.getStorage());
        command.arg(
                "--tables",
                String.join(",", task.tables()),
                "--to",
                root + "/" + task.locationPath(),
                "--backup-id",
                task.backupId(),
                "--compression",
                task.compression().jsonName());
        task.labels().forEach((key, value) -> command.arg("--label", key + "=" + value));
        if (task.parallelism() != null) {
            command.arg("--parallelism", task.parallelism().toString());
        }
        ObjectLockSpec lock = spec.getStorage().getS3().getObjectLock();
        if (lock != null) {
            command.arg("--object-lock-mode", lock.getMode(), "--object-lock-retain-for", lock.getRetainFor());
        }
        return new ExportJobRun(task, command.build());
    }

    @Override
    public String run() {
        return task.backupId();
    }

    @Override
    public StoreOpener store() {
        return task.storage();
    }

    @Override
    public Optional<BackupOutcome> finishedEarlier(BackupStore store) {
        String earlier = task.interruptedBackupId();
        BackupLocation location = location(store);
        return earlier != null && TableExportTask.hasManifest(location, earlier)
                ? Optional.of(new BackupOutcome(location.readManifest(earlier), location.uri(earlier)))
                : Optional.empty();
    }

    @Override
    public void beforeLaunch(BackupStore store) {
        if (task.interruptedBackupId() != null) {
            TableExportTask.discardIncomplete(location(store), task.interruptedBackupId());
        }
    }

    @Override
    public BackupOutcome succeeded(BackupStore store, RunReport report) {
        BackupLocation location = location(store);
        Manifest manifest = location.readManifest(task.backupId());
        return new BackupOutcome(manifest, location.uri(task.backupId()));
    }

    @Override
    public void failed(BackupStore store) {
        TableExportTask.discardIncomplete(location(store), task.backupId());
    }

    private BackupLocation location(BackupStore store) {
        return task.storage().location(store, task.locationPath());
    }
}
