package dev.accountbackup.engine.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.accountbackup.engine.catalog.ForeignKey;
import java.util.List;

/**
 * One table of a backup.
 *
 * @param file        the file name inside the backup directory
 * @param bytes       size of the stored (compressed) file
 * @param sha256      hex SHA-256 of the stored file, as {@code sha256sum} prints it
 * @param foreignKeys the table's foreign keys when it was backed up, so that the accounts a backup
 *                    holds are known even after the live schema changed; null in backups made
 *                    before they were recorded
 */
public record TableEntry(
        String schema,
        String name,
        String file,
        long rows,
        long bytes,
        String sha256,
        List<String> primaryKey,
        List<ColumnEntry> columns,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ForeignKey> foreignKeys) {

    /** An entry that records no foreign keys. */
    public TableEntry(
            String schema,
            String name,
            String file,
            long rows,
            long bytes,
            String sha256,
            List<String> primaryKey,
            List<ColumnEntry> columns) {
        this(schema, name, file, rows, bytes, sha256, primaryKey, columns, null);
    }

    public String displayName() {
        return schema + "." + name;
    }

    /** Whether this is the table with this schema and name. */
    public boolean is(String schema, String name) {
        return this.schema.equals(schema) && this.name.equals(name);
    }
}
