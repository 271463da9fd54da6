package dev.accountbackup.engine.catalog;

import java.util.List;

/**
 * A foreign key of a table: its {@code columns} reference {@code referencedColumns} of another
 * table (or of the same one, for a self-reference), in the same order.
 */
public record ForeignKey(
        String name,
        List<String> columns,
        String referencedSchema,
        String referencedTable,
        List<String> referencedColumns) {

    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
        if (columns.isEmpty() || columns.size() != referencedColumns.size()) {
            throw new IllegalArgumentException(
                    "foreign key " + name + " pairs " + columns.size() + " columns with " + referencedColumns.size());
        }
    }

    /** schema.name of the referenced table, as people write it. */
    public String referencedDisplayName() {
        return referencedSchema + "." + referencedTable;
    }

    /** Whether it references the table with this schema and name. */
    public boolean references(String schema, String table) {
        return referencedSchema.equals(schema) && referencedTable.equals(table);
    }
}
