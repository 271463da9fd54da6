package dev.accountbackup.engine.restore;

import java.util.List;

/**
 * Row counts for one table.
 *
 * @param unchanged      rows of the backup already present and left as they are (for InsertMissing: present, whatever their values)
 * @param skippedColumns backup columns that no longer exist in the target table
 */
public record TableRestoreResult(
        String table, long inserted, long updated, long deleted, long unchanged, List<String> skippedColumns) {}
