package dev.accountbackup.engine.accounts;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.TableEntry;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which accounts of the root table an operation is about, decided row by row on the root rows'
 * values as the backup holds them (their JSON text: digits for numbers, the string for text and
 * uuids). Never SQL: a value from a spec or a flag is only ever compared.
 */
public interface AccountSelector {

    /**
     * The root columns whose values decide, in the order {@link #selects} receives them.
     *
     * @throws BackupException (INVALID) when the selection does not fit the root table
     */
    List<String> columns(TableEntry root);

    /** Whether the root row with these values (null for NULL) is selected. */
    boolean selects(List<String> values);

    /** The selection without its values, for logs and events: "2 keys", "a match on email". */
    String describe();

    /** The account keys asked for by name, to report those the backup does not hold; empty when not asked by key. */
    default Set<String> requestedKeys() {
        return Set.of();
    }

    /** Accounts by the values of the root table's primary key (a single column). */
    static AccountSelector keys(Collection<String> keys) {
        return new ByKeys(keys);
    }

    /** Accounts whose root row has exactly {@code value} in {@code column}. */
    static AccountSelector match(String column, String value) {
        return new ByMatch(column, value);
    }

    /** Selection by primary key values. */
    final class ByKeys implements AccountSelector {

        private volatile Set<String> keys;

        ByKeys(Collection<String> keys) {
            if (keys.isEmpty()) {
                throw BackupException.invalid("no account keys given");
            }
            this.keys = Set.copyOf(new LinkedHashSet<>(keys));
        }

        @Override
        public List<String> columns(TableEntry root) {
            if (root.primaryKey().size() != 1) {
                throw BackupException.invalid("the primary key of " + root.displayName() + " has "
                        + root.primaryKey().size() + " columns: choose its accounts with a match on a column instead");
            }
            String key = root.primaryKey().get(0);
            boolean uuid = root.columns().stream().anyMatch(c -> c.name().equals(key) && "uuid".equals(c.type()));
            if (uuid) {
                // PostgreSQL writes uuids in lower case; people paste them in either
                keys = keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            }
            return root.primaryKey();
        }

        @Override
        public boolean selects(List<String> values) {
            return values.get(0) != null && keys.contains(values.get(0));
        }

        @Override
        public String describe() {
            return keys.size() == 1 ? "1 key" : keys.size() + " keys";
        }

        @Override
        public Set<String> requestedKeys() {
            return keys;
        }
    }

    /** Selection by equality on one column of the root table. */
    final class ByMatch implements AccountSelector {

        private final String column;
        private final String value;

        ByMatch(String column, String value) {
            if (column == null || column.isEmpty() || value == null) {
                throw BackupException.invalid("an account match needs a column and a value");
            }
            this.column = column;
            this.value = value;
        }

        @Override
        public List<String> columns(TableEntry root) {
            boolean known = root.columns().stream().map(ColumnEntry::name).anyMatch(column::equals);
            if (!known) {
                throw BackupException.invalid(
                        "column " + column + " is not a column of " + root.displayName() + " in this backup");
            }
            return List.of(column);
        }

        @Override
        public boolean selects(List<String> values) {
            return value.equals(values.get(0));
        }

        /** The root column compared. */
        public String column() {
            return column;
        }

        /** The value a selected root row holds there (personal data: never log it). */
        public String value() {
            return value;
        }

        @Override
        public String describe() {
            return "a match on " + column;
        }
    }
}
