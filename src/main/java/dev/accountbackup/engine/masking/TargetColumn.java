package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.catalog.ColumnSchema;
import java.util.List;

/**
 * A masked column as the target database defines it, which the backup's manifest cannot tell: its length limit and
 * NOT NULL there, the unique indexes it is part of (the primary key too) and the check constraints that read it.
 */
public record TargetColumn(ColumnSchema schema, List<String> uniqueIndexes, List<String> checks) {

    public TargetColumn {
        uniqueIndexes = List.copyOf(uniqueIndexes);
        checks = List.copyOf(checks);
    }
}
