package dev.accountbackup.operator.validation;

import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSample;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.catalog.QualifiedName;
import java.util.Map;

/** Checks and translates the {@code accounts} field that restores and erasures share. */
public final class AccountsChecks {

    private AccountsChecks() {}

    /**
     * The sample a masked copy restores.
     *
     * @throws BackupException (INVALID) when {@code spec} is no sample
     */
    public static AccountSample sample(AccountsSpec spec) {
        if (spec.getRoot() == null || spec.getRoot().isBlank()) {
            throw BackupException.invalid("root is required, e.g. public.users");
        }
        if (spec.getKeys() != null || spec.getMatch() != null || spec.getSample() == null) {
            throw BackupException.invalid("set exactly one of keys, match and sample");
        }
        QualifiedName.parse(spec.getRoot());
        return new AccountSample(spec.getRoot(), spec.getSample());
    }

    /**
     * The engine's selection for {@code spec}.
     *
     * @throws BackupException (INVALID) naming what is wrong, never a key's value
     */
    public static AccountSelection selection(AccountsSpec spec) {
        if (spec.getRoot() == null || spec.getRoot().isBlank()) {
            throw BackupException.invalid("root is required, e.g. public.users");
        }
        boolean byKeys = spec.getKeys() != null;
        boolean byMatch = spec.getMatch() != null;
        if (spec.getSample() != null) {
            throw BackupException.invalid(
                    byKeys || byMatch
                            ? "set exactly one of keys, match and sample"
                            : "sample picks accounts for a masked copy: use it with masking");
        }
        if (byKeys == byMatch) {
            throw BackupException.invalid("set exactly one of keys and match");
        }
        if (byKeys) {
            if (spec.getKeys().isEmpty()) {
                throw BackupException.invalid("keys lists no key");
            }
            return AccountSelection.keys(spec.getRoot(), spec.getKeys());
        }
        if (spec.getMatch().size() != 1) {
            throw BackupException.invalid("match must name exactly one column, e.g. {email: alice@example.org}");
        }
        Map.Entry<String, String> only = spec.getMatch().entrySet().iterator().next();
        return AccountSelection.match(spec.getRoot(), only.getKey(), only.getValue());
    }
}
