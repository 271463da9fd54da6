package dev.accountbackup.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.accountbackup.engine.erasure.ErasureEvidence;
import dev.accountbackup.engine.erasure.LedgerState;
import dev.accountbackup.engine.erasure.RestoreEvidence;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.StoredBackup;
import dev.accountbackup.engine.verify.FileCheck;
import dev.accountbackup.engine.verify.Verifier;
import dev.accountbackup.engine.verify.VerifyReport;
import java.io.PrintWriter;
import java.time.Instant;
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
            description =
                    "also report the folder's erasure ledger: each erasure request, when it was recorded, the"
                            + " backups purged of it and when, and those taken before it that may still hold the data, until when")
    boolean erasures;

    @Mixin
    ErasuresFromOption erasuresFrom;

    @Mixin
    OutputOptions output;

    /** The evidence of each erasure: the backups it concerns and the restores since. */
    record Erasures(@JsonUnwrapped ErasureEvidence.Request request, List<RestoreEvidence.Since> restoresSince) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
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
                    List<Erasures> evidence = evidence(opened, backups);
                    json.put("erasures", evidence);
                    allOk &= noRestoreIgnored(evidence);
                }
                OutputOptions.printJson(out, json);
            } else {
                printText(out, location, backups, reports, allOk);
                flagged.forEach(b -> out.printf("%n%s  FLAGGED  %s%n", b.backupId(), b.problem()));
                if (erasures) {
                    List<Erasures> evidence = evidence(opened, backups);
                    printErasures(out, evidence);
                    allOk &= noRestoreIgnored(evidence);
                }
            }
            return allOk ? 0 : Main.FAILED;
        }
    }

    /**
     * The namespace's ledger against the folder's manifests and the restores recorded beside the ledger; a ledger or
     * record that fails its checks fails the report.
     */
    private List<Erasures> evidence(BackupFolderOption.OpenFolder opened, List<StoredBackup> backups) {
        try (ErasuresFromOption.Opened ledger =
                erasuresFrom.open(folder.from, opened.location().signer(), Main.env(spec))) {
            LedgerState state = ledger.ledger().read();
            Map<String, List<RestoreEvidence.Since>> restores =
                    RestoreEvidence.of(state, ledger.ledger().restoreRecords().read());
            return ErasureEvidence.of(
                            state,
                            opened.location(),
                            backups.stream().map(StoredBackup::manifest).toList(),
                            Instant.now())
                    .stream()
                    .map(r -> new Erasures(r, restores.get(r.entryId())))
                    .toList();
        }
    }

    /** A restore since an erasure that did not apply it brought the account back: the report says so and fails. */
    private static boolean noRestoreIgnored(List<Erasures> evidence) {
        return evidence.stream().flatMap(e -> e.restoresSince().stream()).allMatch(RestoreEvidence.Since::applied);
    }

    private static void printErasures(PrintWriter out, List<Erasures> evidence) {
        out.printf("%nerasures recorded: %d%n", evidence.size());
        for (Erasures e : evidence) {
            ErasureEvidence.Request r = e.request();
            out.printf(
                    "%n%s  %d account(s) of %s, recorded %s%s%n",
                    r.entryId(),
                    r.accounts(),
                    r.root(),
                    r.erasedAt(),
                    r.reference().isEmpty() ? "" : ", reference " + r.reference());
            r.purged().forEach(p -> out.printf("  purged from backup %s at %s%n", p.backupId(), p.purgedAt()));
            r.mayHold()
                    .forEach(h -> out.printf(
                            "  backup %s (taken %s) may hold the data until %s; restores from it withhold it%n",
                            h.backupId(), h.startedAt(), h.until()));
            out.printf("  restores since: %d%n", e.restoresSince().size());
            e.restoresSince()
                    .forEach(s -> out.printf(
                            "  %s restore %s at %s by %s: backup %s of %s, %s%s%n",
                            s.applied() ? "ok     " : "FLAGGED",
                            s.restoreId(),
                            s.restoredAt(),
                            s.origin(),
                            s.backupId(),
                            s.source(),
                            s.mode() + (s.accountsRestricted() ? " (chosen accounts)" : ""),
                            ": " + s.detail()));
        }
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
