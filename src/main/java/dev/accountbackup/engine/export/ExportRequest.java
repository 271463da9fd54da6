package dev.accountbackup.engine.export;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.storage.BackupLocation;
import java.util.List;
import java.util.Map;

/**
 * One export: which tables of which database go where, under which backup id.
 *
 * @param labels provenance written into the manifest (e.g. the AccountBackup's namespace and name)
 * @param masking masks columns of the exported rows (a data set to share); null to export them as they are
 */
public record ExportRequest(
        DatabaseTarget database,
        List<String> tables,
        BackupLocation location,
        String backupId,
        Compression compression,
        Map<String, String> labels,
        MaskedCopy masking) {

    /** An export of the rows as they are. */
    public ExportRequest(
            DatabaseTarget database,
            List<String> tables,
            BackupLocation location,
            String backupId,
            Compression compression,
            Map<String, String> labels) {
        this(database, tables, location, backupId, compression, labels, null);
    }
}
