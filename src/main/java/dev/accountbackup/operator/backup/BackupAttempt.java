package dev.accountbackup.operator.backup;

import dev.accountbackup.operator.snapshot.SnapshotAttempt;

/**
 * What the reconciler knows about a running backup attempt.
 *
 * @param tables        tables exported; 0 for a snapshot-only backup
 * @param where         where the export goes; null without an export
 * @param snapshot      the RDS snapshot part; null without a snapshot
 * @param previousError why the previous attempt failed, or null
 */
public record BackupAttempt(String backupId, int tables, String where, SnapshotAttempt snapshot, String previousError) {

    /** E.g. "backing up 3 tables as backup X to s3://... and taking RDS snapshot ... (creating, 40%)". */
    String describe() {
        String text = tables == 0
                ? ""
                : "backing up " + tables + (tables == 1 ? " table" : " tables") + " as backup " + backupId + " to "
                        + where;
        if (snapshot != null) {
            text += (text.isEmpty() ? "taking " : " and taking ") + snapshot.describe();
        }
        return text;
    }
}
