package dev.accountbackup.engine.restore;

import java.util.List;

/**
 * What a restore did (or, for a dry run, would do).
 *
 * @param safetyBackupId id of the copy taken before rows were changed, in the request's safety location; null if none was needed
 * @param warnings       things the user should know that did not stop the restore (columns skipped, ...)
 */
public record RestoreResult(
        String backupId,
        boolean dryRun,
        List<TableRestoreResult> tables,
        String safetyBackupId,
        List<String> warnings) {}
