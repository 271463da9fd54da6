package dev.accountbackup.engine.erasure;

import java.time.Instant;
import java.util.Map;

/**
 * What a purge did to one stored backup; counts only, never keys.
 *
 * @param lockedUntil   for {@link State#LOCKED}: when the Object Lock ends and the backup may be deleted (null
 *                      under a legal hold only)
 * @param rowsRemoved   for {@link State#PURGED}: rows removed per table
 * @param reason        for {@link State#FAILED}: why
 * @param legalHold     for {@link State#LOCKED}: a legal hold is on, which holds the data until someone lifts it
 */
public record PurgeOutcome(
        String backupId,
        State state,
        Instant lockedUntil,
        Map<String, Long> rowsRemoved,
        String reason,
        boolean legalHold) {

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

    public PurgeOutcome(String backupId, State state) {
        this(backupId, state, null, null, null, false);
    }

    static PurgeOutcome locked(String backupId, BackupHold hold) {
        return new PurgeOutcome(backupId, State.LOCKED, hold.until(), null, null, hold.legalHold());
    }

    static PurgeOutcome failed(String backupId, String reason) {
        return new PurgeOutcome(backupId, State.FAILED, null, null, reason, false);
    }

    /** E.g. "purged (public.users: 1, public.user_identities: 2)" or "holds erased data until 2027-01-01T00:00:00Z (Object Lock)". */
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
            case LOCKED -> "holds erased data " + lockDescription() + " (Object Lock)";
            case FAILED -> "failed: " + reason;
        };
    }

    private String lockDescription() {
        if (!legalHold) {
            return "until " + lockedUntil;
        }
        return lockedUntil == null ? "under a legal hold" : "until " + lockedUntil + " and under a legal hold";
    }
}
