package dev.accountbackup.operator.validation;

import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.manifest.Compression;
import java.util.Locale;

/** Checks an AccountBackup spec before anything runs; all problems are reported at once. */
public final class BackupSpecValidator {

    /** The spec's compression; the spec must have been validated. */
    public static Compression compression(AccountBackupSpec spec) {
        return spec.getCompression() == null || spec.getCompression().isBlank()
                ? Compression.ZSTD
                : Compression.valueOf(spec.getCompression().strip().toUpperCase(Locale.ROOT));
    }

    /** Whether runs of this spec export tables as JSON (the alternative, or companion, being an RDS snapshot). */
    public static boolean exportsTables(AccountBackupSpec spec) {
        return spec.getTables() != null && !spec.getTables().isEmpty();
    }

    /** @throws BackupException (INVALID) listing every problem */
    public void validate(AccountBackupSpec spec) {
        Problems problems = new Problems();
        if (spec == null) {
            problems.add("spec is required");
            problems.throwIfAny();
        }
        // without a snapshot the tables are the backup: the same checks (and messages) as a tables-only spec
        if (exportsTables(spec) || spec.getSnapshot() == null) {
            SpecChecks.tables(spec.getTables(), "tables", true, problems);
            SpecChecks.database(spec.getDatabase(), "database", problems);
            SpecChecks.storage(spec.getStorage(), "storage", problems);
        }
        if (spec.getSnapshot() != null) {
            SnapshotChecks.backup(spec.getSnapshot(), "snapshot", problems);
        }
        String compression = spec.getCompression();
        if (compression != null
                && !compression.isBlank()
                && !compression.strip().equalsIgnoreCase("zstd")
                && !compression.strip().equalsIgnoreCase("gzip")) {
            problems.add("compression '" + compression + "' is not one of zstd, gzip");
        }
        Integer parallelism = spec.getParallelism();
        if (parallelism != null && (parallelism < 1 || parallelism > ExportRequest.MAX_PARALLELISM)) {
            problems.add("parallelism " + parallelism + " is not between 1 and " + ExportRequest.MAX_PARALLELISM);
        }
        SpecChecks.backoffLimit(spec.getBackoffLimit(), problems);
        problems.throwIfAny();
    }
}
