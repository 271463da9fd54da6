package dev.accountbackup.engine.manifest;

import java.util.List;

/**
 * One table of a backup.
 *
 * @param file   the file name inside the backup directory
 * @param bytes  size of the stored (compressed) file
 * @param sha256 hex SHA-256 of the stored file, as {@code sha256sum} prints it
 */
public record TableEntry(
        String schema,
        String name,
        String file,
        long rows,
        long bytes,
        String sha256,
        List<String> primaryKey,
        List<ColumnEntry> columns) {

    public String displayName() {
        return schema + "." + name;
    }
}
