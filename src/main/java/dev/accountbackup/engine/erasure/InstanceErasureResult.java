package dev.accountbackup.engine.erasure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What deleting the ledger's accounts from a database did: never keys, only counts.
 *
 * @param ledgerVersion   the version of the ledger applied ({@link LedgerState#version()}); null when ignored
 * @param entries         the ledger entries applied
 * @param accountsDeleted erased accounts whose root row the database held, deleted with their rows
 * @param rowsDeleted     rows deleted per table, children first
 * @param rootsNotApplied root tables of ledger entries that are not among the tables erased from (another
 *                        backup's accounts, or a table the database does not have)
 * @param ignored         told to ignore erasures: the ledger was not read, nothing was deleted
 */
public record InstanceErasureResult(
        String ledgerVersion,
        int entries,
        int accountsDeleted,
        Map<String, Long> rowsDeleted,
        List<String> rootsNotApplied,
        boolean ignored) {

    public static final InstanceErasureResult IGNORED =
            new InstanceErasureResult(null, 0, 0, Map.of(), List.of(), true);

    public InstanceErasureResult {
        rowsDeleted = Collections.unmodifiableMap(new LinkedHashMap<>(rowsDeleted));
        rootsNotApplied = List.copyOf(rootsNotApplied);
    }

    /** An empty ledger: nothing to delete, the database was not even connected to. */
    public static InstanceErasureResult none(LedgerState ledger) {
        return new InstanceErasureResult(ledger.version(), 0, 0, Map.of(), List.of(), false);
    }

    public long totalRowsDeleted() {
        return rowsDeleted.values().stream().mapToLong(Long::longValue).sum();
    }
}
