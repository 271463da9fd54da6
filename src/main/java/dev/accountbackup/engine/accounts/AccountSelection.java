package dev.accountbackup.engine.accounts;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.QualifiedName;
import dev.accountbackup.engine.manifest.AccountsScope;
import java.util.Collection;
import java.util.Map;

/**
 * The accounts an operation is about: the root table as written ({@code public.users}) and which
 * of its rows. Checked for shape here; whether the table and column exist is only known against a
 * backup's manifest ({@link AccountGraph#of}, {@link AccountSelector#columns}).
 */
public record AccountSelection(String root, AccountSelector selector) {

    /** Keys a selection may list at once; larger sets belong in several restores or a match. */
    public static final int MAX_KEYS = 10_000;
    /** The longest key or match value accepted. */
    public static final int MAX_VALUE_LENGTH = 1024;

    public AccountSelection {
        QualifiedName.parse(root);
    }

    public static AccountSelection keys(String root, Collection<String> keys) {
        if (keys.size() > MAX_KEYS) {
            throw BackupException.invalid(keys.size() + " account keys given; at most " + MAX_KEYS + " at once");
        }
        keys.forEach(AccountSelection::checkValue);
        return new AccountSelection(root, AccountSelector.keys(keys));
    }

    public static AccountSelection match(String root, String column, String value) {
        checkValue(value);
        if (column == null || column.isEmpty() || column.length() > 63) {
            throw BackupException.invalid("an account match needs a column name of 1 to 63 characters");
        }
        return new AccountSelection(root, AccountSelector.match(column, value));
    }

    /**
     * The accounts a backup's manifest says it holds. The manifest is checked like any input; a scope that is not
     * valid makes the backup unusable for a restore (CORRUPT), never a whole-table restore.
     */
    public static AccountSelection of(AccountsScope scope, String backupId) {
        try {
            boolean byKeys = scope.keys() != null && !scope.keys().isEmpty();
            boolean byMatch = scope.match() != null && scope.match().size() == 1;
            if (byKeys == byMatch || (scope.match() != null && !byMatch)) {
                throw BackupException.invalid("it needs either keys or a match on one column");
            }
            if (byKeys) {
                return keys(scope.root(), scope.keys());
            }
            Map.Entry<String, String> match =
                    scope.match().entrySet().iterator().next();
            return match(scope.root(), match.getKey(), match.getValue());
        } catch (BackupException e) {
            throw new BackupException(
                    Kind.CORRUPT,
                    "the manifest of backup " + backupId
                            + " records the accounts it holds in a form that is not valid (" + e.getMessage()
                            + "): it cannot be restored",
                    e);
        }
    }

    /** Never echoes the value: it may be personal data. */
    private static void checkValue(String value) {
        if (value == null || value.isEmpty()) {
            throw BackupException.invalid("an account key or match value is empty");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw BackupException.invalid(
                    "an account key or match value is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw BackupException.invalid("an account key or match value holds a control character");
        }
    }
}
