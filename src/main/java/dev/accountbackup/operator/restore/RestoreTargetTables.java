package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.catalog.QualifiedName;
import java.util.List;

/**
 * The tables a restore writes: a database and a set of table names (empty for all the backup's
 * tables). Two restores conflict when they may write the same table.
 *
 * @param database host:port/database
 */
public record RestoreTargetTables(String database, List<QualifiedName> tables) {

    public static RestoreTargetTables of(String database, List<String> tableNames) {
        return new RestoreTargetTables(
                database,
                tableNames == null
                        ? List.of()
                        : tableNames.stream().map(QualifiedName::parse).toList());
    }

    public boolean overlaps(RestoreTargetTables other) {
        if (!database.equals(other.database)) {
            return false;
        }
        if (tables.isEmpty() || other.tables.isEmpty()) {
            return true;
        }
        return tables.stream().anyMatch(a -> other.tables.stream().anyMatch(a::mayBeSameTable));
    }
}
