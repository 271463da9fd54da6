package dev.accountbackup.engine.restore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A catalog query about several target tables at once, their oids given as one array parameter. */
final class CatalogQuery {

    /** Reads one result row. */
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private CatalogQuery() {}

    /** Runs {@code sql}, whose one parameter is {@code ?::oid[]}, and reads every row. */
    static <T> List<T> rows(Connection connection, String sql, Collection<Long> oids, Row<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, connection.createArrayOf("int8", oids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
        }
        return rows;
    }

    /** The plans by the oid of their target table, to read a table oid in a result back as its plan. */
    static Map<Long, TablePlan> byOid(List<TablePlan> tables) {
        return tables.stream().collect(Collectors.toMap(p -> p.target().oid(), Function.identity()));
    }
}
