package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How a restore honours erasures: the ledger beside the backups, the key that hashes account keys
 * (asked for only when the ledger holds entries, so restores without erasures need no key), the
 * application's own erasure table if it keeps one, and whether the user chose to ignore them.
 *
 * @param ledger  the ledger to read; null when there is none to honour (e.g. a source without a ledger folder)
 * @param hashKey the hash key, fetched on first need; may throw (a missing Secret)
 * @param ignore  restore erased accounts too: neither the ledger nor the table is read, and the result says so
 * @param table   the application's erasure table, read in the target database; null for none
 * @param origin  who runs the restore, for its record beside the ledger (e.g. "command line")
 */
public record RestoreErasures(
        ErasureLedger ledger, Supplier<ErasureHasher> hashKey, boolean ignore, LedgerTable table, String origin) {

    /** No ledger: the restore works as it did before erasures existed. */
    public static final RestoreErasures NONE = new RestoreErasures(null, null, false);

    /** Without an erasure table. */
    public RestoreErasures(ErasureLedger ledger, Supplier<ErasureHasher> hashKey, boolean ignore) {
        this(ledger, hashKey, ignore, null, null);
    }

    /** These erasures, with the application's erasure table read too. */
    public RestoreErasures withTable(LedgerTable other) {
        return new RestoreErasures(ledger, hashKey, ignore, other, origin);
    }

    /** These erasures, the restore's record saying who ran it. */
    public RestoreErasures withOrigin(String other) {
        return new RestoreErasures(ledger, hashKey, ignore, table, other);
    }

    /** As {@link #prepare(Manifest, DatabaseTarget)} for a restore without an erasure table. */
    public Prepared prepare(Manifest manifest) {
        return prepare(manifest, null);
    }

    /**
     * Reads the ledger (and the erasure table in {@code target}) and prepares the filter of
     * {@code manifest}'s erased accounts; empty when there is nothing to withhold.
     *
     * @throws BackupException when the ledger or the table cannot be read or checked, or the key is missing or another
     *                         one: the restore then writes nothing
     */
    public Prepared prepare(Manifest manifest, DatabaseTarget target) {
        if (ignore) {
            return new Prepared(null, null, true);
        }
        LedgerState state = ledger == null ? LedgerState.EMPTY : ledger.read();
        Set<String> tableKeys = table == null ? Set.of() : table.readKeys(target);
        if (state.isEmpty() && table == null) {
            return new Prepared(state, null, false);
        }
        ErasureHasher hasher = state.isEmpty() ? null : hasher(state);
        return new Prepared(
                state, ErasureFilter.of(manifest, state, hasher, table, tableKeys), false, table, tableKeys.size());
    }

    /**
     * Reads the ledger and, when it holds entries, the key that recognises their accounts, checked against them.
     * Not for a restore that ignores erasures.
     *
     * @throws BackupException when the ledger cannot be read or checked, or its key is missing or another one
     */
    public Recognised recognise() {
        LedgerState state = ledger == null ? LedgerState.EMPTY : ledger.read();
        return new Recognised(state, state.isEmpty() ? null : hasher(state));
    }

    private ErasureHasher hasher(LedgerState state) {
        if (hashKey == null) {
            throw BackupException.invalid(
                    "the erasure ledger at " + ledger.uri() + " holds "
                            + state.entries().size()
                            + " erasure(s), and no erasure hash key was given to recognise the erased accounts: nothing was restored");
        }
        ErasureHasher hasher = hashKey.get();
        boolean otherKey = state.entries().stream().anyMatch(e -> !e.keyCheck().equals(hasher.keyCheck()));
        if (otherKey) {
            throw BackupException.invalid("the erasure ledger at " + ledger.uri()
                    + " holds entries hashed with another erasure hash key than the one given: erased accounts"
                    + " could not be recognised, so nothing was restored");
        }
        return hasher;
    }

    /** Where restores record what they applied; null without a ledger. */
    public RestoreRecords records() {
        return ledger == null ? null : ledger.restoreRecords();
    }

    /** A ledger as read, and the key of its entries; {@code hasher} null when the ledger is empty. */
    public record Recognised(LedgerState state, ErasureHasher hasher) {}

    /**
     * A ledger as read for one restore; {@code filter} null when nothing is withheld.
     *
     * @param table     the erasure table read; null for none
     * @param tableKeys the keys it held
     */
    public record Prepared(LedgerState state, ErasureFilter filter, boolean ignored, LedgerTable table, int tableKeys) {

        public Prepared(LedgerState state, ErasureFilter filter, boolean ignored) {
            this(state, filter, ignored, null, 0);
        }

        /** What was applied, once the restore read its files. */
        public ErasuresApplied applied() {
            if (ignored) {
                return ErasuresApplied.IGNORED;
            }
            return new ErasuresApplied(
                    state.version(),
                    state.entries().size(),
                    filter == null ? 0 : filter.accountsWithheld(),
                    filter == null ? Map.of() : filter.withheld(),
                    false,
                    table == null ? null : table.describe(),
                    tableKeys);
        }
    }
}
