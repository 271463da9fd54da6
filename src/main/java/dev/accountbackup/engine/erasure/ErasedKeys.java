package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSelector;
import dev.accountbackup.engine.manifest.TableEntry;
import java.util.List;
import java.util.Set;

/**
 * The accounts a ledger erased: root rows whose primary key hashes to one of the ledger's hashes, or
 * equals one of the keys an erasure table holds.
 */
final class ErasedKeys implements AccountSelector {

    private final Set<String> hashes;
    private final ErasureHasher hasher;
    private final Set<String> plainKeys;

    ErasedKeys(Set<String> hashes, ErasureHasher hasher) {
        this(hashes, hasher, Set.of());
    }

    /** @param hasher null when {@code hashes} is empty */
    ErasedKeys(Set<String> hashes, ErasureHasher hasher, Set<String> plainKeys) {
        this.hashes = Set.copyOf(hashes);
        this.hasher = hasher;
        this.plainKeys = plainKeys;
    }

    @Override
    public List<String> columns(TableEntry root) {
        if (root.primaryKey().size() != 1) {
            throw BackupException.invalid("the erasure ledger names accounts of " + root.displayName()
                    + ", whose primary key has " + root.primaryKey().size()
                    + " columns: erasures are recorded for single-column keys only");
        }
        return root.primaryKey();
    }

    @Override
    public boolean selects(List<String> values) {
        String key = values.get(0);
        return key != null
                && (plainKeys.contains(ErasureHasher.normalise(key))
                        || (!hashes.isEmpty() && hashes.contains(hasher.hash(key))));
    }

    @Override
    public String describe() {
        int accounts = hashes.size() + plainKeys.size();
        return accounts == 1 ? "1 erased account" : accounts + " erased accounts";
    }
}
