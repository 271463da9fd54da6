package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.signing.SigningKeys;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import dev.accountbackup.engine.storage.ObjectLockPolicy;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "export",
        description = "Exports tables as JSON Lines into a backup folder, with a manifest and checksums.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--database",
            required = true,
            paramLabel = "postgresql://USER@HOST:PORT/DB",
            description = "source database; the password comes from PGPASSWORD or ~/.pgpass")
    DatabaseTarget database;

    @Option(
            names = "--tables",
            required = true,
            split = ",",
            paramLabel = "T1,T2",
            description = "tables to export, schema-qualified or not")
    List<String> tables;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "URI",
            description = "file:///absolute/dir or s3://bucket/prefix (AWS settings from the environment)")
    String to;

    @Option(
            names = "--compression",
            defaultValue = "zstd",
            paramLabel = "zstd|gzip",
            description = "file compression (default: zstd)")
    String compression;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description =
                    "database connections reading at once, in one snapshot (1-16; default: processors, at least 2, at most 4)")
    Integer parallelism;

    @Option(
            names = "--object-lock-mode",
            paramLabel = "GOVERNANCE|COMPLIANCE",
            description =
                    "put S3 Object Lock retention on every object of the backup (s3:// only; the bucket must have Object Lock enabled)")
    String objectLockMode;

    @Option(
            names = "--object-lock-retain-for",
            paramLabel = "DURATION",
            description =
                    "how long the backup stays locked, from its start, e.g. 30d (1d to 3650d); with --object-lock-mode")
    String objectLockRetainFor;

    @Option(
            names = "--backup-id",
            paramLabel = "ID",
            description = "id of the new backup, e.g. 20260101T020000Z (default: the current UTC time in that form)")
    String backupId;

    @Option(
            names = "--label",
            paramLabel = "KEY=VALUE",
            description = "a label to record in the manifest (repeatable), e.g. to say who owns the backup")
    Map<String, String> labels = new LinkedHashMap<>();

    @Mixin
    SigningKeyOption signing;

    @Mixin
    EncryptionOptions encryption;

    @Mixin
    MaskOptions masking;

    @Mixin
    OutputOptions output;

    @Mixin
    RunReportOption report;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (parallelism != null && (parallelism < 1 || parallelism > ExportRequest.MAX_PARALLELISM)) {
            throw new ParameterException(
                    spec.commandLine(), "--parallelism must be between 1 and " + ExportRequest.MAX_PARALLELISM);
        }
        Map<String, String> env = Main.env(spec);
        SigningKeys keys = signing.keys(env);
        MaskedCopy maskedCopy = masking.copy(null);
        try (BackupStore store = BackupStores.fromUri(to, objectLock(), env)) {
            BackupLocation location = encryption.apply(new BackupLocation(store, "").withSigning(keys), env);
            String id = backupId();
            Map<String, String> recorded = new LinkedHashMap<>(Map.of("accountbackup.dev/created-by", "cli"));
            recorded.putAll(labels);
            Manifest m = report.run(
                    "export",
                    keys,
                    () -> new Exporter()
                            .export(new ExportRequest(
                                    database,
                                    tables,
                                    location,
                                    id,
                                    Compression.fromJson(compression),
                                    recorded,
                                    parallelism,
                                    maskedCopy)),
                    manifest -> json(manifest, location));
            if (output.json()) {
                OutputOptions.printJson(out, json(m, location));
            } else {
                out.printf(
                        "backup %s written to %s, %s%s%n",
                        m.backupId(),
                        location.uri(m.backupId()),
                        keys == null ? "unsigned" : "signed with key " + keys.currentId(),
                        m.objectLock() == null ? "" : ", " + m.objectLock().describe());
                String masked = m.labels().get(Exporter.MASKED_LABEL);
                if (masked != null) {
                    out.println("masked " + masked);
                }
                for (TableEntry t : m.tables()) {
                    out.printf(
                            "  %-32s %10d rows %10s  sha256 %s%n",
                            t.displayName(), t.rows(), Sizes.human(t.bytes()), t.sha256());
                }
            }
            return 0;
        }
    }

    private String backupId() {
        if (backupId == null) {
            return BackupIds.fromTime(Instant.now());
        }
        if (BackupIds.timeOf(backupId).isEmpty() || !backupId.matches("[0-9A-Za-z._-]{1,64}")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--backup-id must start with a UTC time like 20260101T020000Z and hold only letters, digits, '.', '_'"
                            + " and '-'");
        }
        return backupId;
    }

    private static Map<String, Object> json(Manifest m, BackupLocation location) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backupId", m.backupId());
        json.put("location", location.uri(m.backupId()));
        if (m.objectLock() != null) {
            json.put("objectLock", m.objectLock());
        }
        json.put("startedAt", m.startedAt());
        json.put("completedAt", m.completedAt());
        json.put("tables", m.tables().stream().map(ExportCommand::tableJson).toList());
        return json;
    }

    /** The lock the options ask for, or null; a wrong or missing half is a usage error. */
    private ObjectLockPolicy objectLock() {
        if (objectLockMode == null && objectLockRetainFor == null) {
            return null;
        }
        try {
            return ObjectLockPolicy.parse(
                    "--object-lock-mode", objectLockMode, "--object-lock-retain-for", objectLockRetainFor);
        } catch (BackupException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static Map<String, Object> tableJson(TableEntry t) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("table", t.displayName());
        json.put("rows", t.rows());
        json.put("bytes", t.bytes());
        json.put("sha256", t.sha256());
        return json;
    }
}
