package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.operator.BackupEngine;
import dev.accountbackup.operator.jobs.SafeErrors;
import dev.accountbackup.operator.resolve.StoreOpener;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table export of one backup attempt, run on a job thread. A backup without a manifest is never left behind: the
 * files of a failed attempt are deleted, and so are those of an attempt cut short by an operator
 * restart, unless that attempt had in fact completed, in which case its backup is taken as the result.
 *
 * @param parallelism         connections reading at once; null for the default
 * @param interruptedBackupId the backup id of an earlier attempt of this run (cut short by an operator restart, or failed in its
 *                            snapshot part after the export completed), or null
 */
record TableExportTask(
        BackupEngine engine,
        StoreOpener storage,
        String locationPath,
        String backupId,
        String interruptedBackupId,
        DatabaseTarget database,
        List<String> tables,
        Compression compression,
        Integer parallelism,
        Map<String, String> labels)
        implements Callable<BackupOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(TableExportTask.class);

    @Override
    public BackupOutcome call() {
        try (BackupStore store = storage.open()) {
            BackupLocation location = storage.location(store, locationPath);
            if (interruptedBackupId != null) {
                if (hasManifest(location, interruptedBackupId)) {
                    LOG.info(
                            "the export of backup {} at {} completed in an earlier attempt; keeping it",
                            interruptedBackupId,
                            location.uri());
                    return new BackupOutcome(
                            location.readManifest(interruptedBackupId), location.uri(interruptedBackupId));
                }
                discardIncomplete(location, interruptedBackupId);
            }
            try {
                Manifest manifest = engine.export(
                        new ExportRequest(database, tables, location, backupId, compression, labels, parallelism));
                return new BackupOutcome(manifest, location.uri(backupId));
            } catch (RuntimeException e) {
                discardIncomplete(location, backupId);
                throw e;
            }
        }
    }

    static boolean hasManifest(BackupLocation location, String id) {
        try {
            return location.store().exists(location.key(id, Manifest.FILE_NAME));
        } catch (IOException e) {
            throw BackupLocation.storageError("checking " + location.uri(id), e);
        }
    }

    /**
     * Deletes the files of a backup that has no manifest, the temporary files and unfinished uploads
     * of a killed run included; a failure here must not hide the export's own error.
     */
    static void discardIncomplete(BackupLocation location, String id) {
        try {
            if (!hasManifest(location, id) && location.delete(id)) {
                LOG.info("removed the incomplete backup {} at {}", id, location.uri(id));
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not remove the incomplete backup {} at {}: {}",
                    id,
                    location.uri(id),
                    e instanceof dev.accountbackup.engine.BackupException ? e.getMessage() : SafeErrors.describe(e));
        }
    }
}
