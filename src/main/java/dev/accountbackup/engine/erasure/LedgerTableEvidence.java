package dev.accountbackup.engine.erasure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's erasure table against the restores recorded beside the ledger: how many erasures it holds, and
 * for each restore whether it applied the table. A restore that may have committed without it, after the table's
 * first erasure, may have brought back an account the application erased: it is flagged. Without the table's times
 * that cannot be told, and nothing is flagged. Counts and times only: the table's keys are personal data.
 */
public final class LedgerTableEvidence {

    /**
     * A restore recorded beside the ledger.
     *
     * @param outcome      "committed", "rolled back" or "unknown"
     * @param appliedTable it read this table and withheld its accounts
     * @param tableKeys    the keys the table held when that restore read it
     */
    public record Restore(
            String restoreId,
            Instant restoredAt,
            String origin,
            String mode,
            String outcome,
            boolean appliedTable,
            int tableKeys,
            boolean flagged,
            String detail) {}

    /** All restores counted; {@code notListed} of them beyond the first {@link RestoreEvidence#LISTED} of each kind. */
    public record Counts(int restores, int appliedTable, int flagged, int notListed) {}

    private final LedgerTable.Summary table;
    private final List<Restore> listed = new ArrayList<>();
    private int restores;
    private int appliedTable;
    private int flagged;
    private int listedFlagged;
    private int listedOthers;

    public LedgerTableEvidence(LedgerTable.Summary table) {
        this.table = table;
    }

    public void add(RestoreRecords.Recorded recorded) {
        RestoreRecord r = recorded.record();
        boolean applied = !r.ignoreErasures() && table.table().equals(r.ledgerTable());
        boolean afterFirst = table.first() != null && r.restoredAt().isAfter(table.first());
        boolean isFlagged = !applied && afterFirst && RestoreEvidence.mayHaveCommitted(recorded);
        restores++;
        appliedTable += applied ? 1 : 0;
        flagged += isFlagged ? 1 : 0;
        if (isFlagged ? listedFlagged++ < RestoreEvidence.LISTED : listedOthers++ < RestoreEvidence.LISTED) {
            listed.add(new Restore(
                    r.id(),
                    r.restoredAt(),
                    r.origin(),
                    r.mode(),
                    RestoreEvidence.outcome(recorded),
                    applied,
                    applied ? r.ledgerTableKeys() : 0,
                    isFlagged,
                    detail(r, applied, afterFirst)));
        }
    }

    private String detail(RestoreRecord r, boolean applied, boolean afterFirst) {
        if (applied) {
            return "applied the erasure table (" + r.ledgerTableKeys() + " erased account(s) then)";
        }
        String why = r.ignoreErasures()
                ? "it ignored erasures"
                : r.ledgerTable() == null ? "it read no erasure table" : "it read another one: " + r.ledgerTable();
        String when = table.first() == null
                ? " (the table's times are not known: give its time column)"
                : afterFirst ? ", after the table's first erasure" : ", before the table's first erasure";
        return "NOT APPLIED: " + why + when;
    }

    public LedgerTable.Summary table() {
        return table;
    }

    public List<Restore> restores() {
        return List.copyOf(listed);
    }

    public Counts counts() {
        return new Counts(restores, appliedTable, flagged, restores - listed.size());
    }
}
