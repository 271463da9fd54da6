package dev.accountbackup.operator.metrics;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.engine.snapshot.CopyTarget;
import dev.accountbackup.engine.snapshot.SnapshotInfo;
import dev.accountbackup.engine.snapshot.SnapshotProgress;
import dev.accountbackup.operator.backup.BackupAttempt;
import dev.accountbackup.operator.backup.BackupOutcome;
import dev.accountbackup.operator.backup.RetentionReport;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.run.RunListener;
import dev.accountbackup.operator.snapshot.SnapshotAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;

/** Counts the ends of AccountBackup runs: by outcome, retries, RDS snapshots and their copies, retention deletions. */
final class BackupRunCounters implements RunListener<AccountBackup, BackupOutcome, BackupAttempt> {

    static final String RUNS = "accountbackup.runs";
    static final String RETRIES = "accountbackup.retries";
    static final String SNAPSHOTS = "accountbackup.snapshots";
    static final String SNAPSHOT_COPIES = "accountbackup.snapshot.copies";
    static final String RETENTION_DELETIONS = "accountbackup.retention.deletions";
    static final String RETENTION_FAILURES = "accountbackup.retention.failures";
    private static final String OUTCOME = "outcome";
    private static final String SUCCEEDED = "succeeded";
    private static final String FAILED = "failed";

    private final PerResourceCounters counters;

    BackupRunCounters(MeterRegistry registry) {
        this.counters = new PerResourceCounters(registry);
    }

    @Override
    public void succeeded(AccountBackup backup, AttemptHandle<BackupOutcome, BackupAttempt> job) {
        runs(backup, SUCCEEDED).increment();
        BackupOutcome outcome = job.result();
        if (outcome.snapshot() != null) {
            snapshots(backup, SUCCEEDED).increment();
            copies(backup, SUCCEEDED).increment(outcome.snapshot().copies().size());
        }
        RetentionReport retention = outcome.retention();
        if (retention != null) {
            deletions(backup, "export").increment(retention.deleted().size());
            deletions(backup, "snapshot").increment(retention.deletedSnapshots().size());
            if (retention.failed()) {
                retentionFailures(backup).increment();
            }
        }
    }

    @Override
    public void retrying(AccountBackup backup, AttemptHandle<BackupOutcome, BackupAttempt> job) {
        retries(backup).increment();
    }

    /**
     * A failed run with an RDS snapshot counts a failed snapshot run, unless the snapshot became available; then each
     * copy that did not become available counts a failed copy.
     */
    @Override
    public void failed(AccountBackup backup, AttemptHandle<BackupOutcome, BackupAttempt> job) {
        runs(backup, FAILED).increment();
        if (backup.getSpec() == null || backup.getSpec().getSnapshot() == null) {
            return;
        }
        SnapshotAttempt attempt = job == null ? null : job.details().snapshot();
        Optional<SnapshotProgress> progress =
                attempt == null ? Optional.empty() : attempt.progress().get();
        if (progress.isEmpty() || !progress.get().snapshot().isAvailable()) {
            snapshots(backup, FAILED).increment();
            return;
        }
        snapshots(backup, SUCCEEDED).increment();
        List<SnapshotInfo> copies = progress.get().copies();
        for (CopyTarget target : attempt.request().copies()) {
            boolean available = copies.stream().anyMatch(c -> c.region().equals(target.region()) && c.isAvailable());
            copies(backup, available ? SUCCEEDED : FAILED).increment();
        }
    }

    /**
     * Creates the counters of every live backup at zero (so that {@code increase()} sees their first failure) and
     * removes those of deleted ones.
     */
    void prepare(List<AccountBackup> live) {
        for (AccountBackup backup : live) {
            runs(backup, SUCCEEDED);
            runs(backup, FAILED);
            retries(backup);
            if (backup.getSpec() != null && backup.getSpec().getSnapshot() != null) {
                snapshots(backup, SUCCEEDED);
                snapshots(backup, FAILED);
                copies(backup, SUCCEEDED);
                copies(backup, FAILED);
            }
            if (backup.getSpec() != null && backup.getSpec().isScheduled()) {
                deletions(backup, "export");
                deletions(backup, "snapshot");
                retentionFailures(backup);
            }
        }
        counters.retainOnly(live);
    }

    private Counter runs(AccountBackup backup, String outcome) {
        return counters.counter(backup, RUNS, "Backup runs that ended, by outcome", OUTCOME, outcome);
    }

    private Counter retries(AccountBackup backup) {
        return counters.counter(backup, RETRIES, "Backup attempts that failed transiently and are retried");
    }

    private Counter snapshots(AccountBackup backup, String outcome) {
        return counters.counter(
                backup, SNAPSHOTS, "RDS snapshot runs of backups that ended, by outcome", OUTCOME, outcome);
    }

    private Counter copies(AccountBackup backup, String outcome) {
        return counters.counter(
                backup,
                SNAPSHOT_COPIES,
                "Cross-region copies of RDS snapshots that ended, by outcome",
                OUTCOME,
                outcome);
    }

    private Counter deletions(AccountBackup backup, String kind) {
        return counters.counter(
                backup,
                RETENTION_DELETIONS,
                "Backups (kind=export) and RDS snapshots of the own region (kind=snapshot) deleted by retention",
                "kind",
                kind);
    }

    private Counter retentionFailures(AccountBackup backup) {
        return counters.counter(
                backup, RETENTION_FAILURES, "Retention passes that could not delete everything they should");
    }
}
