package dev.accountbackup.cli;

import dev.accountbackup.engine.accounts.AccountGraph;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "graph",
        description =
                "Prints the tables an account of a backup reaches from its root table, and by which foreign keys,"
                        + " as the backup recorded them; tables outside it are listed too (an account restore leaves them out).")
final class AccountGraphCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackupFolderOption folder;

    @Option(
            names = "--backup",
            defaultValue = "latest",
            paramLabel = "ID|latest",
            description = "backup id (default: the newest complete backup)")
    String backupId;

    @Option(
            names = "--root",
            required = true,
            paramLabel = "SCHEMA.TABLE",
            description = "the accounts' root table, e.g. public.users")
    String root;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BackupFolderOption.OpenFolder backups = folder.open()) {
            Manifest manifest = backups.location().resolve(backupId);
            AccountGraph graph = AccountGraph.of(manifest, root);
            out.printf("accounts of %s in backup %s:%n", graph.root().displayName(), manifest.backupId());
            graph.describe().forEach(line -> out.println("  " + line));
            List<String> outside = manifest.tables().stream()
                    .filter(t -> !graph.contains(t))
                    .map(TableEntry::displayName)
                    .toList();
            if (!outside.isEmpty()) {
                out.println("not part of an account: " + String.join(", ", outside));
            }
            return 0;
        }
    }
}
