package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.masking.MaskPlan;
import dev.accountbackup.engine.masking.TargetColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the target database defines for the restored columns beyond their types (read from the catalog before
 * anything is written): the unique indexes and check constraints each column is part of, so that masking rules
 * are checked against the target and not only against the backup's manifest.
 */
final class MaskedTargetColumns {

    /** Unique indexes (the primary key too) and check constraints, by table and column; expressions are not read. */
    private static final String CONSTRAINTS = """
            WITH restored AS (SELECT unnest(?::oid[]) AS oid)
            SELECT i.indrelid::int8, a.attname, 'u', c.relname
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid IN (SELECT oid FROM restored) AND i.indisunique
            UNION ALL
            SELECT k.conrelid::int8, a.attname, 'c', k.conname
              FROM pg_constraint k
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
             WHERE k.conrelid IN (SELECT oid FROM restored) AND k.contype = 'c'
            """;

    private record Constraint(long table, String column, boolean unique, String name) {}

    private MaskedTargetColumns() {}

    /** {@code masks} checked against, and sized to, the target's definitions of {@code plans}' columns. */
    static MaskPlan fit(Connection connection, MaskPlan masks, List<TablePlan> plans) throws SQLException {
        Map<Long, TablePlan> byOid = CatalogQuery.byOid(plans);
        Map<String, Map<String, List<Constraint>>> constraints = new HashMap<>();
        for (Constraint c : CatalogQuery.rows(
                connection,
                CONSTRAINTS,
                byOid.keySet(),
                rs -> new Constraint(rs.getLong(1), rs.getString(2), "u".equals(rs.getString(3)), rs.getString(4)))) {
            constraints
                    .computeIfAbsent(byOid.get(c.table()).entry().displayName(), t -> new HashMap<>())
                    .computeIfAbsent(c.column(), k -> new ArrayList<>())
                    .add(c);
        }
        Map<String, TablePlan> byName = new HashMap<>();
        plans.forEach(p -> byName.put(p.entry().displayName(), p));
        return masks.forTarget((table, column) -> {
            TablePlan plan = byName.get(table);
            Optional<ColumnSchema> schema = plan == null
                    ? Optional.empty()
                    : plan.restored().stream()
                            .filter(c -> c.name().equals(column))
                            .findFirst();
            return schema.map(s -> {
                List<Constraint> on = constraints.getOrDefault(table, Map.of()).getOrDefault(column, List.of());
                return new TargetColumn(
                        s,
                        on.stream()
                                .filter(Constraint::unique)
                                .map(Constraint::name)
                                .toList(),
                        on.stream()
                                .filter(c -> !c.unique())
                                .map(Constraint::name)
                                .toList());
            });
        });
    }
}
