package dev.accountbackup.engine.erasure;

import java.time.Instant;
import java.util.Map;

/**
 * What a purge did to one stored backup; counts only, never keys.
 *
 * @param lockedUntil   for {@link State#LOCKED}: when the Object Lock ends and the backup may be deleted
 * @param rowsRemoved   for {@link State#PURGED}: rows removed per table
 * @param reason        for {@link State#FAILED}: why
 */
public record PurgeOutcome(
        String backupId, State state, Instant lockedUntil, Map<String, Long> rowsRemoved, String reason) {

    public enum State {
        /** Rewritten without the erased accounts' rows. */
        PURGED,
        /** Purged by an earlier run for this entry (its manifest records it). */
        ALREADY_PURGED,
        /** Holds none of the erased accounts. */
        NOT_AFFECTED,
        /** Under S3 Object Lock: cannot be rewritten, holds erased data until the lock ends; the ledger keeps restores from it clean. */
        LOCKED,
        /** Could not be purged; the old backup is intact. */
        FAILED
    }

    public PurgeOutcome {
        rowsRemoved = rowsRemoved == null ? Map.of() : Map.copyOf(rowsRemoved);
    }

    /** E.g. "purged (public.users: 1, public.user_identities: 2)" or "holds erased data until 2027-01-01T00:00:00Z". */
    public String describe() {
        return switch (state) {
            case PURGED ->
                "purged ("
                        + rowsRemoved.entrySet().stream()
                                .sorted(Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + ": " + e.getValue())
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("")
                        + " rows removed)";
            case ALREADY_PURGED -> "already purged";
            case NOT_AFFECTED -> "holds none of the erased accounts";
            case LOCKED -> "holds erased data until " + lockedUntil + " (Object Lock)";
            case FAILED -> "failed: " + reason;
        };
    }
}
