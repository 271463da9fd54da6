package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.BackedUpTable;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.snapshot.SnapshotAttempt;
import dev.accountbackup.operator.status.FailureReasons;
import dev.accountbackup.operator.status.RunStatusBuilder;
import dev.accountbackup.operator.status.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds each status a one-shot AccountBackup shows, and what every backup run shows: messages, tables, snapshot. */
class BackupStatusBuilder extends RunStatusBuilder<AccountBackupStatus, BackupOutcome, BackupAttempt> {

    private static final Events EVENTS = new Events(
            EventReason.BackupStarted,
            EventReason.BackupSucceeded,
            EventReason.BackupRetrying,
            EventReason.BackupFailed);

    static final String SPEC_CHANGE_IGNORED =
            "the spec changed after the backup completed; a completed backup is never taken again:"
                    + " create a new AccountBackup for another backup";

    BackupStatusBuilder(AccountBackupStatus current, long generation, Instant now) {
        super(AccountBackupStatus.class, EVENTS, current, generation, now);
    }

    @Override
    public AccountBackupStatus running(AttemptHandle<BackupOutcome, BackupAttempt> job, int backoffLimit) {
        AccountBackupStatus s = forAttempt(fresh(), job, Phase.Running, runningMessage(job, backoffLimit));
        showAttempt(s, job.details());
        return ready(s, false, runningReason(job), job.generation());
    }

    @Override
    public AccountBackupStatus succeeded(AttemptHandle<BackupOutcome, BackupAttempt> job) {
        BackupOutcome outcome = job.result();
        String backupId = job.details().backupId();
        AccountBackupStatus s = forAttempt(fresh(), job, Phase.Succeeded, succeededMessage(outcome, backupId));
        showOutcome(s, outcome, backupId);
        Manifest manifest = outcome.manifest();
        s.setCompletedAt(Timestamps.format(
                manifest != null && manifest.completedAt() != null
                        ? manifest.completedAt()
                        : job.finishedAt().orElse(now)));
        return ready(s, true, "Succeeded", job.generation());
    }

    @Override
    public AccountBackupStatus failed(AttemptHandle<BackupOutcome, BackupAttempt> job, int backoffLimit) {
        AccountBackupStatus s = forAttempt(fresh(), job, Phase.Failed, failureMessage(job, backoffLimit));
        s.setCompletedAt(Timestamps.format(job.finishedAt().orElse(now)));
        // how far the snapshot got helps to see what failed
        s.setSnapshot(
                job.details().snapshot() == null
                        ? null
                        : job.details().snapshot().status());
        return ready(s, false, FailureReasons.of(job.error()), job.generation());
    }

    @Override
    public AccountBackupStatus interrupted(RunDecision.GiveUp<BackupOutcome, BackupAttempt> giveUp, int backoffLimit) {
        AccountBackupStatus s = copyOfCurrent();
        // the interrupted attempt never completed: there is no backup to point at
        s.setBackupId(null);
        return interrupted(s, interruptedMessage(giveUp.attempts(), backoffLimit, EDIT_THE_SPEC));
    }

    @Override
    protected String specChangeIgnoredMessage() {
        return SPEC_CHANGE_IGNORED;
    }

    static String runningMessage(AttemptHandle<BackupOutcome, BackupAttempt> job, int backoffLimit) {
        return runningMessage(
                job.details().describe(), job, backoffLimit, job.details().previousError());
    }

    /** Shows the run's id and its snapshot's progress on a running status. */
    @Override
    protected void showAttempt(AccountBackupStatus s, BackupAttempt attempt) {
        s.setBackupId(attempt.backupId());
        s.setSnapshot(attempt.snapshot() == null ? null : attempt.snapshot().status());
    }

    /** E.g. "backed up 3 tables (100 rows, 2048 bytes) as backup X; RDS snapshot ... available (20 GiB, encrypted)". */
    static String succeededMessage(BackupOutcome outcome, String backupId) {
        List<String> parts = new ArrayList<>();
        Manifest m = outcome.manifest();
        if (m != null) {
            parts.add("backed up " + m.tables().size() + (m.tables().size() == 1 ? " table (" : " tables (")
                    + m.totalRows() + " rows, " + m.totalBytes() + " bytes) as backup " + m.backupId());
        }
        if (outcome.snapshot() != null) {
            parts.add((m == null ? "backup " + backupId + ": " : "") + SnapshotAttempt.summary(outcome.snapshot()));
        }
        return String.join("; ", parts);
    }

    /** Shows what a completed run produced: its tables and where they are, and its snapshot with the copies. */
    static void showOutcome(AccountBackupStatus s, BackupOutcome outcome, String backupId) {
        s.setBackupId(backupId);
        s.setLocation(outcome.location());
        List<BackedUpTable> tables = new ArrayList<>();
        if (outcome.manifest() != null) {
            for (TableEntry t : outcome.manifest().tables()) {
                tables.add(new BackedUpTable(t.displayName(), t.rows(), t.bytes(), t.sha256()));
            }
        }
        s.setTables(tables);
        s.setSnapshot(outcome.snapshot() == null ? null : SnapshotAttempt.status(outcome.snapshot()));
    }
}
