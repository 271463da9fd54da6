package dev.accountbackup.engine.erasure;

import java.util.Map;

/**
 * What a restore did about erasures: never keys, only counts.
 *
 * @param ledgerVersion    the version of the ledger applied ({@link LedgerState#version()}); null when ignored
 * @param entries          the ledger entries applied
 * @param accountsWithheld erased accounts whose rows the backup held and the restore left out
 * @param rowsWithheld     rows left out, per table
 * @param ignored          the restore was told to ignore erasures: the ledger was not read
 * @param ledgerTable      the application's erasure table also applied ({@link LedgerTable#describe()}); null for none
 * @param ledgerTableKeys  the keys that table held when the restore read it
 */
public record ErasuresApplied(
        String ledgerVersion,
        int entries,
        int accountsWithheld,
        Map<String, Long> rowsWithheld,
        boolean ignored,
        String ledgerTable,
        int ledgerTableKeys) {

    public static final ErasuresApplied NONE = new ErasuresApplied(LedgerState.EMPTY.version(), 0, 0, Map.of(), false);
    public static final ErasuresApplied IGNORED = new ErasuresApplied(null, 0, 0, Map.of(), true);

    public ErasuresApplied {
        rowsWithheld = Map.copyOf(rowsWithheld);
    }

    /** Without an erasure table. */
    public ErasuresApplied(
            String ledgerVersion, int entries, int accountsWithheld, Map<String, Long> rowsWithheld, boolean ignored) {
        this(ledgerVersion, entries, accountsWithheld, rowsWithheld, ignored, null, 0);
    }

    public long rowsWithheld(String table) {
        return rowsWithheld.getOrDefault(table, 0L);
    }

    /** Whether anything was there to withhold: ledger entries or an erasure table. */
    public boolean applied() {
        return entries > 0 || ledgerTable != null;
    }
}
