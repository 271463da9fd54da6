package dev.accountbackup.cli;

import dev.accountbackup.engine.verify.FileCheck;
import dev.accountbackup.engine.verify.Verifier;
import dev.accountbackup.engine.verify.VerifyReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        description = "Re-reads every file of a backup and checks size, SHA-256 and row count against its manifest"
                + " (row counts of an encrypted backup need its key).")
final class VerifyCommand implements Callable<Integer> {

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

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BackupFolderOption.OpenFolder opened = folder.open()) {
            VerifyReport report = new Verifier().verify(opened.location(), backupId);
            if (output.json()) {
                OutputOptions.printJson(out, report);
            } else {
                for (FileCheck f : report.files()) {
                    out.printf(
                            "  %-8s %-40s %s%n",
                            f.ok() ? "ok" : "DAMAGED", f.file(), f.ok() ? "sha256 " + f.actualSha256() : f.detail());
                }
                out.println(report.summary());
            }
            return report.ok() ? 0 : Main.FAILED;
        }
    }
}
