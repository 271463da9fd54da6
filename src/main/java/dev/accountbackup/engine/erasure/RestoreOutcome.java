package dev.accountbackup.engine.erasure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * How a restore recorded by {@link RestoreRecord} ended, written after it in a file of its own: whether its transaction
 * committed or was rolled back. A restore without one may have committed (it crashed, or storage failed at the end).
 *
 * @param id           the id of the restore's record
 * @param outcome      committed or rolled back
 * @param decidedAt    when the restore learnt it
 * @param rowsWithheld rows withheld (or, for a snapshot, deleted) per table, when only known after the record was
 *                     written; null when the record holds them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreOutcome(String id, Outcome outcome, Instant decidedAt, Map<String, Long> rowsWithheld) {

    /** How a restore's transaction ended. */
    public enum Outcome {
        /** Its transaction committed: what the record says it applied is in the database. */
        COMMITTED,
        /** Its transaction was rolled back: it changed nothing (for a snapshot: its erased accounts were not deleted). */
        ROLLED_BACK
    }

    public RestoreOutcome {
        rowsWithheld = rowsWithheld == null ? null : Map.copyOf(rowsWithheld);
    }
}
