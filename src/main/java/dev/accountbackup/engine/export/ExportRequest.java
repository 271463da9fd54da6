package dev.accountbackup.engine.export;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.storage.BackupLocation;
import java.util.List;
import java.util.Map;

/**
 * One export: which tables of which database go where, under which backup id.
 *
 * @param labels provenance written into the manifest (e.g. the AccountBackup's namespace and name)
 */
public record ExportRequest(
        DatabaseTarget database,
        List<String> tables,
        BackupLocation location,
        String backupId,
        Compression compression,
        Map<String, String> labels) {}
