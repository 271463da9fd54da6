package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.jobs.Job;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.run.RunReporting;
import dev.accountbackup.operator.status.FailureReasons;
import dev.accountbackup.operator.status.RunStatuses;
import dev.accountbackup.operator.status.StatusUpdates;
import dev.accountbackup.operator.status.Timestamps;
import java.time.Instant;

/** Builds each status an AccountBackup can show, always as a fresh object. */
final class BackupStatuses implements RunReporting<AccountBackupStatus, BackupOutcome, BackupAttempt> {

    static final String SPEC_CHANGE_IGNORED = "the spec changed after the backup completed; a completed backup is never taken again:"
            + " create a new AccountBackup for another backup";

    @Override
    public AccountBackupStatus running(AccountBackupStatus current, Job<BackupOutcome, BackupAttempt> job, int backoffLimit, Instant now) {
        AccountBackupStatus s = RunStatuses.forAttempt(new AccountBackupStatus(), job, Phase.Running, BackupReports.runningMessage(job, backoffLimit));
        BackupReports.showRunning(s, job.details());
        return RunStatuses.ready(s, current, false, RunStatuses.runningReason(job), job.generation(), now);
    }

    @Override
    public AccountBackupStatus retrying(AccountBackupStatus current, Job<BackupOutcome, BackupAttempt> job, int backoffLimit,
                                       Instant nextAttempt, Instant now) {
        AccountBackupStatus s = RunStatuses.forAttempt(new AccountBackupStatus(), job, Phase.Running,
                RunStatuses.retryMessage(job, backoffLimit, nextAttempt));
        BackupReports.showRunning(s, job.details());
        return RunStatuses.ready(s, current, false, "Retrying", job.generation(), now);
    }

    @Override
    public AccountBackupStatus succeeded(AccountBackupStatus current, Job<BackupOutcome, BackupAttempt> job, Instant now) {
        BackupOutcome outcome = job.result();
        String backupId = job.details().backupId();
        AccountBackupStatus s = RunStatuses.forAttempt(new AccountBackupStatus(), job, Phase.Succeeded,
                BackupReports.succeededMessage(outcome, backupId));
        BackupReports.showOutcome(s, outcome, backupId);
        Manifest manifest = outcome.manifest();
        s.setCompletedAt(Timestamps.format(manifest != null && manifest.completedAt() != null ? manifest.completedAt() : job.finishedAt().orElse(now)));
        return RunStatuses.ready(s, current, true, "Succeeded", job.generation(), now);
    }

    @Override
    public AccountBackupStatus failed(AccountBackupStatus current, Job<BackupOutcome, BackupAttempt> job, int backoffLimit, Instant now) {
        AccountBackupStatus s = RunStatuses.forAttempt(new AccountBackupStatus(), job, Phase.Failed,
                RunStatuses.failureMessage(job, backoffLimit));
        s.setCompletedAt(Timestamps.format(job.finishedAt().orElse(now)));
        // how far the snapshot got helps to see what failed
        s.setSnapshot(job.details().snapshot() == null ? null : job.details().snapshot().status());
        return RunStatuses.ready(s, current, false, FailureReasons.of(job.error()), job.generation(), now);
    }

    @Override
    public AccountBackupStatus waiting(AccountBackupStatus current, String reason, String message, long generation, Instant now) {
        return RunStatuses.waiting(new AccountBackupStatus(), current, reason, message, generation, now);
    }

    @Override
    public AccountBackupStatus rejected(AccountBackupStatus current, BackupException error, int attempts, long generation, Instant now) {
        return RunStatuses.rejected(new AccountBackupStatus(), current, error, attempts, generation, now);
    }

    @Override
    public AccountBackupStatus interrupted(AccountBackupStatus current, RunDecision.GiveUp<BackupOutcome, BackupAttempt> giveUp, int backoffLimit,
                                           long generation, Instant now) {
        AccountBackupStatus s = StatusUpdates.copy(current, AccountBackupStatus.class);
        // the interrupted attempt never completed: there is no backup to point at
        s.setBackupId(null);
        return RunStatuses.interrupted(s, current, RunStatuses.interruptedMessage(giveUp.attempts(), backoffLimit, RunStatuses.EDIT_THE_SPEC), generation, now);
    }

    @Override
    public AccountBackupStatus reconcileError(AccountBackupStatus current, String error, long generation, Instant now) {
        AccountBackupStatus copy = current == null ? new AccountBackupStatus() : StatusUpdates.copy(current, AccountBackupStatus.class);
        return RunStatuses.reconcileError(copy, current, error, generation, now);
    }

    @Override
    public AccountBackupStatus specChangeIgnored(AccountBackupStatus current, long generation, Instant now) {
        return RunStatuses.specChangeIgnored(StatusUpdates.copy(current, AccountBackupStatus.class), current, SPEC_CHANGE_IGNORED, generation, now);
    }

    @Override
    public EventReason started() {
        return EventReason.BackupStarted;
    }

    @Override
    public EventReason succeeded() {
        return EventReason.BackupSucceeded;
    }

    @Override
    public EventReason retrying() {
        return EventReason.BackupRetrying;
    }

    @Override
    public EventReason failed() {
        return EventReason.BackupFailed;
    }
}
