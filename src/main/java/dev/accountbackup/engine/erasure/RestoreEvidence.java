package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.erasure.RestoreOutcome.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For each erasure, the restores recorded since it, whether each withheld its accounts and how it ended: proof that
 * no restore since brought the account back, or the restores that may have. Restores are added one at a time and
 * counted; only the first {@link #LISTED} flagged and {@link #LISTED} others are kept per erasure, so memory does not
 * grow with the number of records.
 */
public final class RestoreEvidence {

    /** Restores listed per erasure and kind (flagged or not); the others are counted. */
    public static final int LISTED = 100;

    /**
     * A restore after an erasure.
     *
     * @param outcome "committed", "rolled back" or "unknown"
     * @param applied it withheld (for a snapshot: deleted) the erasure's accounts
     * @param flagged it may have brought the account back: it did not apply the erasure and did not roll back, or
     *                it is a snapshot restore whose deletion of the erased accounts is not known to have committed
     */
    public record Since(
            String restoreId,
            Instant restoredAt,
            String origin,
            String source,
            String backupId,
            String mode,
            boolean accountsRestricted,
            String outcome,
            boolean applied,
            boolean flagged,
            String detail) {}

    /**
     * The restores since one erasure, all counted.
     *
     * @param outcomeUnknown without a recorded outcome: they may have committed
     * @param notListed      counted but not listed in {@code restoresSince}
     */
    public record Counts(int restores, int applied, int rolledBack, int outcomeUnknown, int flagged, int notListed) {}

    /** The restores since one erasure: the first ones listed, all counted. */
    public record PerErasure(List<Since> restoresSince, Counts counts) {}

    private final List<ErasureEntry> entries;
    private final Map<String, Tally> byEntry = new LinkedHashMap<>();

    public RestoreEvidence(LedgerState ledger) {
        this.entries = ledger.entries();
        entries.forEach(e -> byEntry.put(e.id(), new Tally()));
    }

    /** Counts one restore against every erasure recorded before it. */
    public void add(RestoreRecords.Recorded recorded) {
        RestoreRecord r = recorded.record();
        Set<String> applied = r.ignoreErasures() ? Set.of() : new HashSet<>(r.erasuresApplied());
        for (ErasureEntry e : entries) {
            if (r.restoredAt().isAfter(e.erasedAt())) {
                byEntry.get(e.id()).add(since(recorded, applied.contains(e.id())), r.erasesAfterRestore());
            }
        }
    }

    /** The restores since the erasure {@code entryId}. */
    public PerErasure of(String entryId) {
        return byEntry.get(entryId).result();
    }

    /** Whether any restore may have brought an erased account back. */
    public boolean anyFlagged() {
        return byEntry.values().stream().anyMatch(t -> t.flagged > 0);
    }

    /** How a restore ended, as the report says it: "committed", "rolled back" or "unknown". */
    public static String outcome(RestoreRecords.Recorded recorded) {
        if (recorded.outcome() == null) {
            return "unknown";
        }
        return recorded.outcome().outcome() == Outcome.COMMITTED ? "committed" : "rolled back";
    }

    /** Whether the restore's writes may be in the database: committed, or not known not to be. */
    public static boolean mayHaveCommitted(RestoreRecords.Recorded recorded) {
        return recorded.outcome() == null || recorded.outcome().outcome() == Outcome.COMMITTED;
    }

    private static Since since(RestoreRecords.Recorded recorded, boolean applied) {
        RestoreRecord r = recorded.record();
        boolean committed = recorded.outcome() != null && recorded.outcome().outcome() == Outcome.COMMITTED;
        boolean flagged = r.erasesAfterRestore() ? !(applied && committed) : mayHaveCommitted(recorded) && !applied;
        return new Since(
                r.id(),
                r.restoredAt(),
                r.origin(),
                r.source(),
                r.backupId(),
                r.mode(),
                r.accountsRestricted(),
                outcome(recorded),
                applied,
                flagged,
                outcomeDetail(recorded) + "; " + appliedDetail(r, applied));
    }

    private static String outcomeDetail(RestoreRecords.Recorded recorded) {
        RestoreRecord r = recorded.record();
        if (recorded.outcome() == null) {
            return r.outcomeFollows()
                    ? "outcome unknown: none was recorded (cut short, or its storage failed), it may have committed"
                    : "outcome not recorded (a record from before restores recorded theirs), it may have committed";
        }
        if (recorded.outcome().outcome() == Outcome.COMMITTED) {
            return "committed";
        }
        return r.erasesAfterRestore()
                ? "rolled back: deleting the erased accounts from the restored instance failed, which holds them"
                : "rolled back: it restored nothing";
    }

    private static String appliedDetail(RestoreRecord r, boolean applied) {
        if (r.ignoreErasures()) {
            return "NOT APPLIED: the restore ignored erasures (ignoreErasures)";
        }
        if (!applied) {
            return "NOT APPLIED: it read ledger version " + r.ledgerVersion() + ", which did not hold this erasure";
        }
        return "applied with ledger version " + r.ledgerVersion();
    }

    /**
     * One erasure's restores: counted, the first of each kind kept. A snapshot restore's failed (or cut short)
     * deletion is cleared by a later attempt on the same instance that deleted the accounts and committed: the
     * operator retries it before the restore succeeds.
     */
    private static final class Tally {
        private final List<Since> listed = new ArrayList<>();
        /** Flagged snapshot restores by instance: how many, and the positions of those listed. */
        private final Map<String, List<Integer>> openSnapshots = new HashMap<>();

        private final Map<String, Integer> openSnapshotCounts = new HashMap<>();
        private int restores;
        private int applied;
        private int rolledBack;
        private int unknown;
        private int flagged;
        private int listedFlagged;
        private int listedOthers;

        void add(Since s, boolean snapshot) {
            restores++;
            applied += s.applied() ? 1 : 0;
            rolledBack += s.outcome().equals("rolled back") ? 1 : 0;
            unknown += s.outcome().equals("unknown") ? 1 : 0;
            flagged += s.flagged() ? 1 : 0;
            if (snapshot && !s.flagged()) {
                clearEarlierAttempts(s);
            }
            boolean listing = s.flagged() ? listedFlagged++ < LISTED : listedOthers++ < LISTED;
            if (listing) {
                listed.add(s);
            }
            if (snapshot && s.flagged()) {
                openSnapshotCounts.merge(s.backupId(), 1, Integer::sum);
                if (listing) {
                    openSnapshots
                            .computeIfAbsent(s.backupId(), k -> new ArrayList<>())
                            .add(listed.size() - 1);
                }
            }
        }

        private void clearEarlierAttempts(Since done) {
            Integer open = openSnapshotCounts.remove(done.backupId());
            if (open == null) {
                return;
            }
            flagged -= open;
            for (int i : openSnapshots.getOrDefault(done.backupId(), List.of())) {
                Since s = listed.get(i);
                listed.set(
                        i,
                        new Since(
                                s.restoreId(),
                                s.restoredAt(),
                                s.origin(),
                                s.source(),
                                s.backupId(),
                                s.mode(),
                                s.accountsRestricted(),
                                s.outcome(),
                                s.applied(),
                                false,
                                s.detail() + "; a later attempt on the same instance (restore " + done.restoreId()
                                        + ") deleted the accounts"));
            }
            openSnapshots.remove(done.backupId());
        }

        PerErasure result() {
            return new PerErasure(
                    List.copyOf(listed),
                    new Counts(restores, applied, rolledBack, unknown, flagged, restores - listed.size()));
        }
    }
}
