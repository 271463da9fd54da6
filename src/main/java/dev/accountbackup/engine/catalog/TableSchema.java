package dev.accountbackup.engine.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A table as found in the catalog: its exact names, columns, primary key and the tables its
 * foreign keys point to.
 *
 * @param referencedTables oids of the tables this table's foreign keys reference (itself included for self-references)
 * @param foreignKeys      the foreign keys themselves, with their columns
 */
public record TableSchema(
        long oid,
        String schema,
        String name,
        List<ColumnSchema> columns,
        List<String> primaryKey,
        List<Long> referencedTables,
        List<ForeignKey> foreignKeys) {

    /** "schema"."name", safe to put in SQL text. */
    public String quotedName() {
        return Identifiers.qualified(schema, name);
    }

    /** schema.name as people write it, for messages, status and manifests. */
    public String displayName() {
        return schema + "." + name;
    }

    public Optional<ColumnSchema> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }
}
