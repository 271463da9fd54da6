package dev.accountbackup.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.accountbackup.engine.erasure.ErasureEvidence;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.LedgerState;
import dev.accountbackup.engine.erasure.LedgerTable;
import dev.accountbackup.engine.erasure.LedgerTableEvidence;
import dev.accountbackup.engine.erasure.RestoreEvidence;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The erasure evidence of {@code report --erasures}: each erasure request with the backups it concerns and the
 * restores since, the restore records that fail their checks, and, when given, the application's erasure table against
 * the restores. The restore records are read one at a time and counted; only the first of each kind are listed.
 */
final class ErasureReport {

    /** The evidence of one erasure: the backups it concerns and the restores since. */
    record Erasures(
            @JsonUnwrapped ErasureEvidence.Request request,
            List<RestoreEvidence.Since> restoresSince,
            RestoreEvidence.Counts restoreCounts) {}

    /** The application's erasure table: what it holds, and which restores applied it. */
    record Table(
            @JsonUnwrapped LedgerTable.Summary summary,
            LedgerTableEvidence.Counts restoreCounts,
            List<LedgerTableEvidence.Restore> restores) {}

    private final List<Erasures> erasures;
    private final List<String> problems;
    private final int problemCount;
    private final Table table;

    private ErasureReport(List<Erasures> erasures, List<String> problems, int problemCount, Table table) {
        this.erasures = erasures;
        this.problems = problems;
        this.problemCount = problemCount;
        this.table = table;
    }

    /**
     * @param backups the usable backups of {@code location}
     * @param table   the application's erasure table as counted in its database; null for none
     */
    static ErasureReport of(
            ErasureLedger ledger, BackupLocation location, List<Manifest> backups, LedgerTable.Summary table) {
        LedgerState state = ledger.read();
        RestoreEvidence restores = new RestoreEvidence(state);
        LedgerTableEvidence tableEvidence = table == null ? null : new LedgerTableEvidence(table);
        List<String> problems = new ArrayList<>();
        int[] problemCount = {0};
        ledger.restoreRecords()
                .read(
                        recorded -> {
                            restores.add(recorded);
                            if (tableEvidence != null) {
                                tableEvidence.add(recorded);
                            }
                        },
                        problem -> {
                            if (problemCount[0]++ < RestoreEvidence.LISTED) {
                                problems.add(problem.getMessage());
                            }
                        });
        List<Erasures> erasures = ErasureEvidence.of(state, location, backups, Instant.now()).stream()
                .map(r -> {
                    RestoreEvidence.PerErasure since = restores.of(r.entryId());
                    return new Erasures(r, since.restoresSince(), since.counts());
                })
                .toList();
        Table tableReport =
                tableEvidence == null ? null : new Table(table, tableEvidence.counts(), tableEvidence.restores());
        return new ErasureReport(erasures, List.copyOf(problems), problemCount[0], tableReport);
    }

    /**
     * Whether the evidence holds: no restore may have brought an erased account back, and every record passed its
     * checks.
     */
    boolean ok() {
        return problemCount == 0
                && erasures.stream().allMatch(e -> e.restoreCounts().flagged() == 0)
                && (table == null || table.restoreCounts().flagged() == 0);
    }

    void putJson(Map<String, Object> json) {
        json.put("erasures", erasures);
        json.put("restoreRecordProblems", problems);
        json.put("restoreRecordProblemCount", problemCount);
        if (table != null) {
            json.put("erasureTable", table);
        }
    }

    void print(PrintWriter out) {
        out.printf("%nerasures recorded: %d%n", erasures.size());
        erasures.forEach(e -> printErasure(out, e));
        if (problemCount > 0) {
            out.printf("%nrestore records that fail their checks: %d%n", problemCount);
            problems.forEach(p -> out.printf("  FLAGGED  %s%n", p));
            notListed(out, problemCount - problems.size());
        }
        if (table != null) {
            printTable(out, table);
        }
    }

    private static void printErasure(PrintWriter out, Erasures e) {
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
        RestoreEvidence.Counts c = e.restoreCounts();
        out.printf(
                "  restores since: %d (applied it: %d, rolled back: %d, outcome unknown: %d, flagged: %d)%n",
                c.restores(), c.applied(), c.rolledBack(), c.outcomeUnknown(), c.flagged());
        e.restoresSince()
                .forEach(s -> out.printf(
                        "  %s restore %s at %s by %s: backup %s of %s, %s: %s%n",
                        s.flagged() ? "FLAGGED" : "ok     ",
                        s.restoreId(),
                        s.restoredAt(),
                        s.origin(),
                        s.backupId(),
                        s.source(),
                        s.mode() + (s.accountsRestricted() ? " (chosen accounts)" : ""),
                        s.detail()));
        notListed(out, c.notListed());
    }

    private static void printTable(PrintWriter out, Table t) {
        LedgerTable.Summary s = t.summary();
        out.printf(
                "%nerasure table %s: %d erased account(s) in %d row(s)%s%n",
                s.table(),
                s.erasures(),
                s.rows(),
                s.first() == null ? "" : ", first recorded " + s.first() + ", latest " + s.latest());
        LedgerTableEvidence.Counts c = t.restoreCounts();
        out.printf(
                "  restores recorded: %d (applied the table: %d, flagged: %d)%n",
                c.restores(), c.appliedTable(), c.flagged());
        t.restores()
                .forEach(r -> out.printf(
                        "  %s restore %s at %s by %s, %s, %s: %s%n",
                        r.flagged() ? "FLAGGED" : "ok     ",
                        r.restoreId(),
                        r.restoredAt(),
                        r.origin(),
                        r.mode(),
                        r.outcome(),
                        r.detail()));
        notListed(out, c.notListed());
    }

    private static void notListed(PrintWriter out, int count) {
        if (count > 0) {
            out.printf("  ... and %d more, counted above and not listed%n", count);
        }
    }
}
