package dev.accountbackup.engine.accounts;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.catalog.QualifiedName;
import java.util.Collection;

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
