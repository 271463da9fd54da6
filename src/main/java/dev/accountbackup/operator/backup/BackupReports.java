package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.BackedUpTable;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.operator.jobs.Job;
import dev.accountbackup.operator.snapshot.SnapshotAttempt;
import dev.accountbackup.operator.status.RunStatuses;
import java.util.ArrayList;
import java.util.List;

/** What one-shot and scheduled backups both show of a running or completed run: messages, tables, snapshot. */
final class BackupReports {

    private BackupReports() {
    }

    static String runningMessage(Job<BackupOutcome, BackupAttempt> job, int backoffLimit) {
        BackupAttempt a = job.details();
        return a.describe() + RunStatuses.attemptSuffix(job.attempt(), backoffLimit)
                + (a.previousError() == null ? "" : "; the previous attempt failed: " + a.previousError());
    }

    /** Shows the run's id and its snapshot's progress on a running status. */
    static void showRunning(AccountBackupStatus s, BackupAttempt attempt) {
        s.setBackupId(attempt.backupId());
        s.setSnapshot(attempt.snapshot() == null ? null : attempt.snapshot().status());
    }

    /** E.g. "backed up 3 tables (100 rows, 2048 bytes) as backup X; RDS snapshot ... available (20 GiB, encrypted)". */
    static String succeededMessage(BackupOutcome outcome, String backupId) {
        List<String> parts = new ArrayList<>();
        Manifest m = outcome.manifest();
        if (m != null) {
            parts.add("backed up " + m.tables().size() + (m.tables().size() == 1 ? " table (" : " tables (") + m.totalRows() + " rows, "
                    + m.totalBytes() + " bytes) as backup " + m.backupId());
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
