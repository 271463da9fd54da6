package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.erasure.ErasureEntry;
import dev.accountbackup.engine.erasure.ErasuresApplied;
import dev.accountbackup.engine.erasure.RestoreErasures;
import dev.accountbackup.engine.erasure.RestoreRecord;
import dev.accountbackup.engine.erasure.RestoreRecords;
import dev.accountbackup.engine.manifest.Manifest;
import java.util.List;

/**
 * The record a restore leaves beside the erasure ledger it was given: what it is about to commit and what it withheld,
 * written before its commit, and its outcome after.
 */
final class RestoreRecordDraft {

    private RestoreRecordDraft() {}

    /**
     * Writes the record of a restore about to commit.
     *
     * @return where its outcome goes; null when the restore was given no ledger
     */
    static RestoreRecords.Intent begin(
            RestoreRequest request,
            RestoreMode mode,
            Manifest manifest,
            RestoreErasures.Prepared erasures,
            RestoreResult result) {
        RestoreRecords records = request.erasures().records();
        if (records == null) {
            return null;
        }
        ErasuresApplied applied = result.erasures();
        List<String> entries = erasures.ignored()
                ? List.of()
                : erasures.state().entries().stream().map(ErasureEntry::id).toList();
        String origin = request.erasures().origin();
        return records.begin(new RestoreRecord(
                null,
                null,
                origin == null ? "unknown" : origin,
                request.location().uri(),
                manifest.backupId(),
                mode.specName(),
                request.accounts() != null
                        || (request.maskedCopy() != null && request.maskedCopy().sample() != null),
                applied.ignored(),
                applied.ledgerVersion(),
                entries,
                applied.ledgerTable(),
                applied.ledgerTableKeys(),
                applied.rowsWithheld(),
                true,
                false));
    }
}
