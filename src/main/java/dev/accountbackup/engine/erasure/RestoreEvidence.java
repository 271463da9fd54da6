package dev.accountbackup.engine.erasure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For each erasure, the restores recorded since it and whether each withheld its accounts: proof that
 * no restore since brought the account back, or the restores that may have.
 */
public final class RestoreEvidence {

    /** A restore after an erasure; {@code applied} false flags it. */
    public record Since(
            String restoreId,
            Instant restoredAt,
            String origin,
            String source,
            String backupId,
            String mode,
            boolean accountsRestricted,
            boolean applied,
            String detail) {}

    private RestoreEvidence() {}

    /** @return the restores since each entry, by entry id, in the ledger's order */
    public static Map<String, List<Since>> of(LedgerState ledger, List<RestoreRecord> records) {
        Map<String, List<Since>> byEntry = new LinkedHashMap<>();
        for (ErasureEntry e : ledger.entries()) {
            byEntry.put(
                    e.id(),
                    records.stream()
                            .filter(r -> r.restoredAt().isAfter(e.erasedAt()))
                            .map(r -> since(e, r))
                            .toList());
        }
        return byEntry;
    }

    private static Since since(ErasureEntry e, RestoreRecord r) {
        boolean applied = r.applied(e.id());
        String detail;
        if (r.ignoreErasures()) {
            detail = "NOT APPLIED: the restore ignored erasures (ignoreErasures)";
        } else if (!applied) {
            detail = "NOT APPLIED: it read ledger version " + r.ledgerVersion() + ", which did not hold this erasure";
        } else {
            detail = "applied with ledger version " + r.ledgerVersion();
        }
        return new Since(
                r.id(),
                r.restoredAt(),
                r.origin(),
                r.source(),
                r.backupId(),
                r.mode(),
                r.accountsRestricted(),
                applied,
                detail);
    }
}
