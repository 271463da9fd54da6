package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSelector;
import dev.accountbackup.engine.manifest.TableEntry;
import java.util.List;
import java.util.Set;

/** The accounts a ledger erased: root rows whose primary key hashes to one of the ledger's hashes. */
final class ErasedKeys implements AccountSelector {

    private final Set<String> hashes;
    private final ErasureHasher hasher;

    ErasedKeys(Set<String> hashes, ErasureHasher hasher) {
        this.hashes = Set.copyOf(hashes);
        this.hasher = hasher;
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
        return values.get(0) != null && hashes.contains(hasher.hash(values.get(0)));
    }

    @Override
    public String describe() {
        return hashes.size() == 1 ? "1 erased account" : hashes.size() + " erased accounts";
    }
}
