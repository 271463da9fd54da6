package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.storage.BackupLocation;
import java.util.List;
import java.util.Map;

/**
 * One restore.
 *
 * @param backupId       a backup id, or null / "latest" for the newest complete backup
 * @param tables         subset of the backup's tables to restore; empty for all
 * @param safetyLocation where the current content of the target tables is saved before rows are changed; null to skip
 * @param safetyLabels   labels for the safety copy's manifest
 * @param disableTriggers the application's triggers on the target tables stay off while rows change (else they fire, with a warning)
 * @param maskedCopy     masks columns and/or restores a sample of the accounts, for staging and tests; null for the backup as it is
 */
public record RestoreRequest(
        BackupLocation location,
        String backupId,
        DatabaseTarget target,
        List<String> tables,
        RestoreMode mode,
        boolean dryRun,
        BackupLocation safetyLocation,
        Map<String, String> safetyLabels,
        boolean disableTriggers,
        MaskedCopy maskedCopy) {

    /** A restore of the backup as it is. */
    public RestoreRequest(
            BackupLocation location,
            String backupId,
            DatabaseTarget target,
            List<String> tables,
            RestoreMode mode,
            boolean dryRun,
            BackupLocation safetyLocation,
            Map<String, String> safetyLabels,
            boolean disableTriggers) {
        this(location, backupId, target, tables, mode, dryRun, safetyLocation, safetyLabels, disableTriggers, null);
    }

    /** A restore during which the application's triggers fire. */
    public RestoreRequest(
            BackupLocation location,
            String backupId,
            DatabaseTarget target,
            List<String> tables,
            RestoreMode mode,
            boolean dryRun,
            BackupLocation safetyLocation,
            Map<String, String> safetyLabels) {
        this(location, backupId, target, tables, mode, dryRun, safetyLocation, safetyLabels, false, null);
    }
}
