package dev.accountbackup.cli;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.LedgerTable;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.StoredBackup;
import dev.accountbackup.engine.verify.FileCheck;
import dev.accountbackup.engine.verify.Verifier;
import dev.accountbackup.engine.verify.VerifyReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** For an auditor: every backup kept in a folder, what it holds, and whether it still verifies. */
@Command(
        name = "report",
        description = "Lists every complete backup in a backup folder, newest first, with its time, tables, rows,"
                + " sizes, SHA-256 and signature, and re-reads each one to verify it. Exits non-zero if any backup fails verification"
                + " or is flagged (not signed by a given key, unreadable, dated in the future).")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackupFolderOption folder;

    @Option(
            names = "--erasures",
            description = "also report the folder's erasure ledger: each erasure request, when it was recorded, the"
                    + " backups purged of it and when, those taken before it that may still hold the data, until when,"
                    + " and the restores since with their outcome (committed, rolled back or unknown); a restore"
                    + " that may have brought an erased account back, or a restore record that fails its checks,"
                    + " fails the report")
    boolean erasures;

    @Mixin
    ErasuresFromOption erasuresFrom;

    @Mixin
    LedgerTableOptions ledgerTable;

    @Option(
            names = "--database",
            paramLabel = "postgresql://USER@HOST:PORT/DB",
            description = "with --erasures and --ledger-table: the database holding the application's erasure table;"
                    + " the password comes from PGPASSWORD or ~/.pgpass")
    DatabaseTarget database;

    @Option(
            names = "--ledger-time-column",
            paramLabel = "COLUMN",
            description =
                    "with --ledger-table: the column holding when each erasure was recorded; the report then"
                            + " shows the first and the latest, and flags a restore after the first that did not apply the table")
    String ledgerTimeColumn;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!erasures && (database != null || ledgerTable.table() != null)) {
            throw new ParameterException(spec.commandLine(), "--database and --ledger-table go with --erasures");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--ledger-root")) {
            // the report counts the table's erased accounts whatever their root: a root given here would change nothing
            throw new ParameterException(
                    spec.commandLine(), "--ledger-root is for restores; report --erasures counts the table as it is");
        }
        try (BackupFolderOption.OpenFolder opened = folder.open()) {
            BackupLocation location = opened.location();
            Verifier verifier = new Verifier();
            List<StoredBackup> catalog = location.catalog();
            List<StoredBackup> backups =
                    catalog.stream().filter(StoredBackup::usable).toList();
            List<StoredBackup> flagged =
                    catalog.stream().filter(b -> !b.usable()).toList();
            List<VerifyReport> reports = new ArrayList<>();
            for (StoredBackup b : backups) {
                reports.add(verifier.verify(location, b));
            }
            boolean allOk = reports.stream().allMatch(VerifyReport::ok) && flagged.isEmpty();
            if (output.json()) {
                Map<String, Object> json = json(location, backups, reports, allOk);
                json.put(
                        "flagged",
                        flagged.stream().map(ListCommand::flaggedJson).toList());
                if (erasures) {
                    ErasureReport evidence = evidence(opened, backups);
                    evidence.putJson(json);
                    allOk &= evidence.ok();
                }
                OutputOptions.printJson(out, json);
            } else {
                printText(out, location, backups, reports, allOk);
                flagged.forEach(b -> out.printf("%n%s  FLAGGED  %s%n", b.backupId(), b.problem()));
                if (erasures) {
                    ErasureReport evidence = evidence(opened, backups);
                    evidence.print(out);
                    allOk &= evidence.ok();
                }
            }
            return allOk ? 0 : Main.FAILED;
        }
    }

    /**
     * The namespace's ledger against the folder's manifests, the restores recorded beside the ledger and, when given,
     * the application's erasure table; a ledger that fails its checks fails the report, as does each record that does.
     */
    private ErasureReport evidence(BackupFolderOption.OpenFolder opened, List<StoredBackup> backups) {
        LedgerTable.Summary table = tableSummary();
        try (ErasuresFromOption.Opened ledger =
                erasuresFrom.open(folder.from, opened.location().signer(), Main.env(spec))) {
            return ErasureReport.of(
                    ledger.ledger(),
                    opened.location(),
                    backups.stream().map(StoredBackup::manifest).toList(),
                    table);
        }
    }

    /** The application's erasure table counted in its database; null when none is given. */
    private LedgerTable.Summary tableSummary() {
        LedgerTable table = ledgerTable.table();
        if (table == null) {
            if (database != null || ledgerTimeColumn != null) {
                throw new ParameterException(
                        spec.commandLine(), "--database and --ledger-time-column go with --ledger-table");
            }
            return null;
        }
        if (database == null) {
            throw new ParameterException(
                    spec.commandLine(), "--ledger-table needs --database, the database that holds it");
        }
        return table.summarise(database, ledgerTimeColumn);
    }

    private static void printText(
            PrintWriter out,
            BackupLocation location,
            List<StoredBackup> backups,
            List<VerifyReport> reports,
            boolean allOk) {
        out.printf("backups at %s: %d%n", location.uri(), backups.size());
        for (int i = 0; i < backups.size(); i++) {
            Manifest m = backups.get(i).manifest();
            VerifyReport report = reports.get(i);
            out.printf(
                    "%n%s  %s  started %s, completed %s, %d rows, %s, %s%n",
                    m.backupId(),
                    report.ok() ? "VERIFIED" : "DAMAGED",
                    m.startedAt(),
                    m.completedAt(),
                    m.totalRows(),
                    Sizes.human(m.totalBytes()),
                    report.signature());
            for (FileCheck f : report.files()) {
                out.printf(
                        "  %-8s %-36s %10d rows %10d bytes  sha256 %s%s%n",
                        f.ok() ? "ok" : "DAMAGED",
                        f.table(),
                        f.expectedRows(),
                        f.expectedBytes(),
                        f.expectedSha256(),
                        f.ok() ? "" : "  (" + f.detail() + ")");
            }
        }
        long damaged = reports.stream().filter(r -> !r.ok()).count();
        out.printf(
                "%n%s%n",
                damaged == 0
                        ? "all " + backups.size() + " backup(s) verified"
                        : String.format(
                                Locale.ROOT, "%d of %d backup(s) failed verification", damaged, backups.size()));
    }

    private static Map<String, Object> json(
            BackupLocation location, List<StoredBackup> backups, List<VerifyReport> reports, boolean allOk) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("location", location.uri());
        json.put("verified", allOk);
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < backups.size(); i++) {
            VerifyReport report = reports.get(i);
            Map<String, Object> b = ListCommand.backupJson(backups.get(i));
            b.put("uri", report.uri());
            b.put("verified", report.ok());
            b.put("summary", report.summary());
            b.put("tables", report.files().stream().map(ReportCommand::fileJson).toList());
            list.add(b);
        }
        json.put("backups", list);
        return json;
    }

    private static Map<String, Object> fileJson(FileCheck f) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("table", f.table());
        t.put("file", f.file());
        t.put("rows", f.expectedRows());
        t.put("bytes", f.expectedBytes());
        t.put("sha256", f.expectedSha256());
        t.put("verified", f.ok());
        if (!f.ok()) {
            t.put("problem", f.problem());
            t.put("detail", f.detail());
        }
        return t;
    }
}
