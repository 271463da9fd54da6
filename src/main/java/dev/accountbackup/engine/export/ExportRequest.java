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
 * @param labels      provenance written into the manifest (e.g. the AccountBackup's namespace and name)
 * @param parallelism how many connections read at once (1 to {@link #MAX_PARALLELISM}); null for {@link
 *                    #defaultParallelism()}
 * @param masking     masks columns of the exported rows (a data set to share); null to export them as they are
 */
public record ExportRequest(
        DatabaseTarget database,
        List<String> tables,
        BackupLocation location,
        String backupId,
        Compression compression,
        Map<String, String> labels,
        Integer parallelism,
        MaskedCopy masking) {

    public static final int MAX_PARALLELISM = 16;

    public ExportRequest {
        if (parallelism != null && (parallelism < 1 || parallelism > MAX_PARALLELISM)) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + MAX_PARALLELISM);
        }
    }

    /** An export with the default parallelism. */
    public ExportRequest(
            DatabaseTarget database,
            List<String> tables,
            BackupLocation location,
            String backupId,
            Compression compression,
            Map<String, String> labels) {
        this(database, tables, location, backupId, compression, labels, null, null);
    }

    /** An export of the rows as they are. */
    public ExportRequest(
            DatabaseTarget database,
            List<String> tables,
            BackupLocation location,
            String backupId,
            Compression compression,
            Map<String, String> labels,
            Integer parallelism) {
        this(database, tables, location, backupId, compression, labels, parallelism, null);
    }

    /**
     * Two readers at least, since half of an export's work is the database's (two readers keep a
     * one-CPU client busy while the server reads), at most four, or the client's processors when it
     * has fewer: more connections rarely help and weigh on the database.
     */
    public static int defaultParallelism() {
        return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** The number of connections to read with. */
    public int readers() {
        return parallelism == null ? defaultParallelism() : parallelism;
    }
}
