package dev.accountbackup.engine.erasure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one restore applied of the erasures, as evidence that it brought no erased account back: no
 * key, no account data, only names, ids and counts.
 *
 * @param id                 the record's file name without {@code .json}
 * @param restoredAt         when the restore was about to commit its rows (a snapshot's: to delete its erased accounts)
 * @param origin             who ran it: "command line", or the AccountRestore's namespace and name
 * @param source             the backup folder, as a URI without credentials
 * @param backupId           the backup restored
 * @param mode               InsertMissing, Upsert or Replace
 * @param accountsRestricted only chosen (or sampled) accounts were restored, not whole tables
 * @param ignoreErasures     the restore was told to ignore erasures: it applied none
 * @param ledgerVersion      the ledger version applied; null when ignored
 * @param erasuresApplied    the ids of the ledger entries applied
 * @param ledgerTable        the application's erasure table applied; null for none
 * @param ledgerTableKeys    the keys that table held
 * @param rowsWithheld       rows withheld per table
 * @param outcomeFollows     written before the restore's commit, its {@link RestoreOutcome} in a file of its own after:
 *                           false for records written before restores recorded their outcome
 * @param erasesAfterRestore a snapshot restore: the whole instance came back, and only a committed outcome means
 *                           the erased accounts were deleted from it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreRecord(
        String id,
        Instant restoredAt,
        String origin,
        String source,
        String backupId,
        String mode,
        boolean accountsRestricted,
        boolean ignoreErasures,
        String ledgerVersion,
        List<String> erasuresApplied,
        String ledgerTable,
        int ledgerTableKeys,
        Map<String, Long> rowsWithheld,
        boolean outcomeFollows,
        boolean erasesAfterRestore) {

    public RestoreRecord {
        erasuresApplied = erasuresApplied == null ? List.of() : List.copyOf(erasuresApplied);
        rowsWithheld = rowsWithheld == null ? Map.of() : Map.copyOf(rowsWithheld);
    }

    /** Whether this restore withheld the accounts of ledger entry {@code entryId}. */
    public boolean applied(String entryId) {
        return !ignoreErasures && erasuresApplied.contains(entryId);
    }
}
