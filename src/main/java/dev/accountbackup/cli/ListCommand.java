package dev.accountbackup.cli;

import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.StoredBackup;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "list",
        description =
                "Lists the complete backups in a backup folder, newest first, with their signature. Backups that"
                        + " cannot be used (not signed by a given key, unreadable, dated in the future) are flagged, and the exit code is then 1.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackupFolderOption folder;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BackupFolderOption.OpenFolder opened = folder.open()) {
            BackupLocation location = opened.location();
            List<StoredBackup> backups = location.catalog();
            List<StoredBackup> flagged =
                    backups.stream().filter(b -> !b.usable()).toList();
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("location", location.uri());
                json.put("signatureChecked", location.checksSignatures());
                json.put(
                        "backups",
                        backups.stream()
                                .filter(StoredBackup::usable)
                                .map(ListCommand::backupJson)
                                .toList());
                json.put(
                        "flagged",
                        flagged.stream().map(ListCommand::flaggedJson).toList());
                OutputOptions.printJson(out, json);
            } else if (backups.isEmpty()) {
                out.printf("no complete backup at %s%n", location.uri());
            } else {
                out.printf(
                        "%-18s %-24s %12s %10s  %-24s %s%n",
                        "BACKUP ID", "COMPLETED", "ROWS", "SIZE", "SIGNATURE", "TABLES");
                for (StoredBackup b : backups) {
                    if (b.usable()) {
                        Manifest m = b.manifest();
                        out.printf(
                                "%-18s %-24s %12d %10s  %-24s %s%n",
                                m.backupId(),
                                m.completedAt(),
                                m.totalRows(),
                                Sizes.human(m.totalBytes()),
                                b.signature().describe(),
                                String.join(
                                                ",",
                                                m.tables().stream()
                                                        .map(TableEntry::displayName)
                                                        .toList())
                                        + (m.objectLock() == null
                                                ? ""
                                                : "  " + m.objectLock().describe()));
                    } else {
                        out.printf("%-18s FLAGGED: %s%n", b.backupId(), b.problem());
                    }
                }
            }
            return flagged.isEmpty() ? 0 : Main.FAILED;
        }
    }

    /** One usable backup as list prints it; report adds its verification. */
    static Map<String, Object> backupJson(StoredBackup b) {
        Manifest m = b.manifest();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backupId", m.backupId());
        json.put("signature", b.signature().describe());
        json.put("startedAt", m.startedAt());
        json.put("completedAt", m.completedAt());
        json.put("rows", m.totalRows());
        json.put("bytes", m.totalBytes());
        json.put("tables", m.tables().stream().map(ExportCommand::tableJson).toList());
        if (m.objectLock() != null) {
            json.put("objectLock", m.objectLock());
        }
        return json;
    }

    /** A backup that cannot be used, with the reason. */
    static Map<String, Object> flaggedJson(StoredBackup b) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backupId", b.backupId());
        json.put("problem", b.problem());
        return json;
    }
}
