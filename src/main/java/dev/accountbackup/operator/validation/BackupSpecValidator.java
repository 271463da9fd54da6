package dev.accountbackup.operator.validation;

import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.manifest.Compression;
import java.util.Locale;

/** Checks an AccountBackup spec before anything runs; all problems are reported at once. */
public final class BackupSpecValidator {

    /** The field of a snapshot-only backup's ledger, as messages name it. */
    public static final String ERASURE_LEDGER_FIELD = "snapshot.erasureLedger";

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

    /**
     * The storage of the namespace's erasure ledger that erasures naming this backup write and restores of it apply:
     * its storage, beside its backups, or, for a backup that keeps only RDS snapshots, snapshot.erasureLedger.
     *
     * @return null when the backup names neither
     * @throws BackupException (INVALID) naming the backup when that storage is malformed
     */
    public static StorageSpec erasureLedger(String backupName, AccountBackupSpec spec) {
        Problems problems = new Problems();
        StorageSpec ledger = erasureLedger(spec, problems);
        if (ledger != null) {
            SpecChecks.storage(ledger, ledger == spec.getStorage() ? "storage" : ERASURE_LEDGER_FIELD, problems);
        }
        if (!problems.isEmpty()) {
            try {
                problems.throwIfAny();
            } catch (BackupException e) {
                throw BackupException.invalid("AccountBackup '" + backupName + "' has an " + e.getMessage());
            }
        }
        return ledger;
    }

    /** The ledger's storage, unchecked; a problem when the spec names two. */
    private static StorageSpec erasureLedger(AccountBackupSpec spec, Problems problems) {
        StorageSpec snapshotLedger =
                spec.getSnapshot() == null ? null : spec.getSnapshot().getErasureLedger();
        if (spec.getStorage() == null) {
            return snapshotLedger;
        }
        if (snapshotLedger != null) {
            problems.add(ERASURE_LEDGER_FIELD + " is for backups that keep only RDS snapshots: this one's erasure"
                    + " ledger is kept beside its backups in storage; remove " + ERASURE_LEDGER_FIELD);
        }
        return spec.getStorage();
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
        }
        if (exportsTables(spec) || spec.getSnapshot() == null || spec.getStorage() != null) {
            // it holds the backups, or the erasure ledger of a backup that keeps only snapshots
            SpecChecks.storage(spec.getStorage(), "storage", problems);
        }
        if (spec.getSnapshot() != null) {
            SnapshotChecks.backup(spec.getSnapshot(), "snapshot", problems);
            StorageSpec ledger = erasureLedger(spec, problems);
            if (ledger != null && ledger != spec.getStorage()) {
                SpecChecks.storage(ledger, ERASURE_LEDGER_FIELD, problems);
            }
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
