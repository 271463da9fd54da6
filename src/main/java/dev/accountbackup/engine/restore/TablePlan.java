package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.Identifiers;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.codec.JsonToCopyText;
import dev.accountbackup.engine.manifest.TableEntry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How one backed-up table goes into its target table.
 *
 * @param restored       target columns that get the backup's values, in the backup file's order (never generated ones)
 * @param decoded        the same columns as the backup file encodes them, for the decoder
 * @param skippedColumns backup columns the target no longer has
 * @param keyed          rows are matched by the target's primary key (all of whose columns are restored)
 * @param compared       columns compared and overwritten for rows that exist: restored, not in the key, not GENERATED ALWAYS AS IDENTITY
 */
record TablePlan(
        TableEntry entry,
        TableSchema target,
        List<ColumnSchema> restored,
        List<JsonToCopyText.Column> decoded,
        List<String> skippedColumns,
        boolean keyed,
        List<ColumnSchema> compared) {

    String displayName() {
        return target.displayName();
    }

    /** The restored columns, quoted, for column lists. */
    String columnList() {
        return restored.stream().map(ColumnSchema::quotedName).collect(Collectors.joining(", "));
    }

    /** The restored columns of a table alias, quoted. */
    String columnList(String alias) {
        return restored.stream().map(c -> alias + "." + c.quotedName()).collect(Collectors.joining(", "));
    }

    /** Rows of {@code a} and {@code b} with the same primary key. */
    String keyMatch(String a, String b) {
        return target.primaryKey().stream()
                .map(k -> a + "." + Identifiers.quote(k) + " = " + b + "." + Identifiers.quote(k))
                .collect(Collectors.joining(" AND "));
    }

    /** Identity columns declared GENERATED ALWAYS need OVERRIDING SYSTEM VALUE to take the backup's values. */
    boolean writesIdentityAlways() {
        return restored.stream().anyMatch(c -> c.identity() == 'a');
    }

    /** Columns whose sequence must move past the restored values. */
    List<ColumnSchema> sequenced() {
        return restored.stream().filter(c -> c.sequence() != null).toList();
    }
}
