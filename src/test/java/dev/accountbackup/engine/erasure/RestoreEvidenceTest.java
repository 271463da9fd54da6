package dev.accountbackup.engine.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.erasure.RestoreOutcome.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the evidence concludes from restore records and their outcomes, and that it keeps counts, not every record. */
class RestoreEvidenceTest {

    private static final Instant ERASED = Instant.parse("2026-12-01T00:00:00Z");
    private static final ErasureEntry ENTRY =
            new ErasureEntry("e-1", "public.users", List.of("0".repeat(64)), ERASED, "DSR-1", "check");
    private static final LedgerState LEDGER = LedgerState.of(List.of(ENTRY));

    private static RestoreRecords.Recorded recorded(
            int minute, String instance, boolean applies, boolean snapshot, Outcome outcome) {
        String id = "r" + minute;
        RestoreRecord record = new RestoreRecord(
                id,
                ERASED.plusSeconds(60L * minute),
                "test",
                "somewhere",
                instance,
                snapshot ? "Snapshot" : "InsertMissing",
                false,
                false,
                "1-abc",
                applies ? List.of("e-1") : List.of(),
                null,
                0,
                Map.of(),
                true,
                snapshot);
        return new RestoreRecords.Recorded(
                record, outcome == null ? null : new RestoreOutcome(id, outcome, record.restoredAt(), null));
    }

    @Test
    void aSnapshotDeletionThatFailedIsClearedByALaterAttemptOnTheSameInstanceOnly() {
        RestoreEvidence evidence = new RestoreEvidence(LEDGER);
        evidence.add(recorded(1, "db-a", true, true, Outcome.ROLLED_BACK));
        evidence.add(recorded(2, "db-b", true, true, null));
        evidence.add(recorded(3, "db-a", true, true, Outcome.COMMITTED));
        RestoreEvidence.PerErasure since = evidence.of("e-1");
        assertEquals(1, since.counts().flagged(), "db-b's deletion may not have committed");
        assertTrue(evidence.anyFlagged());
        assertFalse(since.restoresSince().get(0).flagged());
        assertTrue(since.restoresSince().get(0).detail().contains("a later attempt on the same instance (restore r3)"));
        assertTrue(
                since.restoresSince().get(1).flagged(),
                since.restoresSince().get(1).detail());
    }

    @Test
    void manyRecordsAreCountedAndOnlyTheFirstOfEachKindKept() {
        RestoreEvidence evidence = new RestoreEvidence(LEDGER);
        for (int i = 1; i <= 1000; i++) {
            evidence.add(recorded(i, "b", i % 2 == 0, false, Outcome.COMMITTED));
        }
        RestoreEvidence.PerErasure since = evidence.of("e-1");
        assertEquals(1000, since.counts().restores());
        assertEquals(500, since.counts().applied());
        assertEquals(500, since.counts().flagged());
        assertEquals(2 * RestoreEvidence.LISTED, since.restoresSince().size());
        assertEquals(1000 - 2 * RestoreEvidence.LISTED, since.counts().notListed());
    }
}
