package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Manifest;
import java.util.function.Supplier;

/**
 * How a restore honours erasures: the ledger beside the backups, the key that hashes account keys
 * (asked for only when the ledger holds entries, so restores without erasures need no key), and
 * whether the user chose to ignore them.
 *
 * @param ledger  the ledger to read; null when there is none to honour (e.g. a source without a ledger folder)
 * @param hashKey the hash key, fetched on first need; may throw (a missing Secret)
 * @param ignore  restore erased accounts too: the ledger is not read, and the result says so
 */
public record RestoreErasures(ErasureLedger ledger, Supplier<ErasureHasher> hashKey, boolean ignore) {

    /** No ledger: the restore works as it did before erasures existed. */
    public static final RestoreErasures NONE = new RestoreErasures(null, null, false);

    /**
     * Reads the ledger and prepares the filter of {@code manifest}'s erased accounts; empty when
     * there is nothing to withhold.
     *
     * @throws BackupException when the ledger cannot be read or checked, or its key is missing or another one:
     *                         the restore then writes nothing
     */
    public Prepared prepare(Manifest manifest) {
        if (ignore) {
            return new Prepared(null, null, true);
        }
        if (ledger == null) {
            return new Prepared(LedgerState.EMPTY, null, false);
        }
        Recognised read = recognise();
        if (read.state().isEmpty()) {
            return new Prepared(read.state(), null, false);
        }
        return new Prepared(read.state(), ErasureFilter.of(manifest, read.state(), read.hasher()), false);
    }

    /**
     * Reads the ledger and, when it holds entries, the key that recognises their accounts, checked against them.
     * Not for a restore that ignores erasures.
     *
     * @throws BackupException when the ledger cannot be read or checked, or its key is missing or another one
     */
    public Recognised recognise() {
        LedgerState state = ledger == null ? LedgerState.EMPTY : ledger.read();
        if (state.isEmpty()) {
            return new Recognised(state, null);
        }
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
        return new Recognised(state, hasher);
    }

    /** A ledger as read, and the key of its entries; {@code hasher} null when the ledger is empty. */
    public record Recognised(LedgerState state, ErasureHasher hasher) {}

    /** A ledger as read for one restore; {@code filter} null when nothing is withheld. */
    public record Prepared(LedgerState state, ErasureFilter filter, boolean ignored) {

        /** What was applied, once the restore read its files. */
        public ErasuresApplied applied() {
            if (ignored) {
                return ErasuresApplied.IGNORED;
            }
            return new ErasuresApplied(
                    state.version(),
                    state.entries().size(),
                    filter == null ? 0 : filter.accountsWithheld(),
                    filter == null ? java.util.Map.of() : filter.withheld(),
                    false);
        }
    }
}
