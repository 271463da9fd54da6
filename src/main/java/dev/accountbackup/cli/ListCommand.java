package dev.accountbackup.cli;

import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "Lists the complete backups in a backup folder, newest first.")
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
            List<Manifest> backups = location.list();
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("location", location.uri());
                json.put("backups", backups.stream().map(ListCommand::backupJson).toList());
                OutputOptions.printJson(out, json);
            } else if (backups.isEmpty()) {
                out.printf("no complete backup at %s%n", location.uri());
            } else {
                out.printf("%-18s %-24s %12s %10s  %s%n", "BACKUP ID", "COMPLETED", "ROWS", "SIZE", "TABLES");
                for (Manifest m : backups) {
                    out.printf("%-18s %-24s %12d %10s  %s%n", m.backupId(), m.completedAt(), m.totalRows(), Sizes.human(m.totalBytes()),
                            String.join(",", m.tables().stream().map(TableEntry::displayName).toList())
                                    + (m.objectLock() == null ? "" : "  " + m.objectLock().describe()));
                }
            }
            return 0;
        }
    }

    /** One backup as list prints it; report adds its verification. */
    static Map<String, Object> backupJson(Manifest m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backupId", m.backupId());
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
}
