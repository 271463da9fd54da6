package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the restore tests compare of a database's catalog: its indexes and constraints, before and after. */
final class CatalogDefinitions {

    private CatalogDefinitions() {}

    /**
     * Every index and constraint of the public schema as PostgreSQL describes it, with comments and validity, and
     * every table's storage settings (the parallel restore's own record table left out).
     */
    static List<String> definitions(DatabaseTarget db) throws SQLException {
        return lines(db, """
                SELECT 'index ' || i.relname || ': ' || pg_get_indexdef(i.oid) || coalesce(' -- ' || obj_description(i.oid, 'pg_class'), '')
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                WHERE i.relnamespace = 'public'::regnamespace AND t.relname NOT LIKE 'account_backup%'
                UNION ALL
                SELECT 'constraint ' || conrelid::regclass || '.' || conname || ': ' || pg_get_constraintdef(oid) || ' validated ' || convalidated
                       || coalesce(' -- ' || obj_description(oid, 'pg_constraint'), '')
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'account_backup%'
                UNION ALL
                SELECT 'table ' || relname || ': ' || coalesce((SELECT string_agg(o, ', ' ORDER BY o) FROM unnest(reloptions) o), '')
                FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace AND relname NOT LIKE 'account_backup%'
                ORDER BY 1""");
    }

    static Map<String, Long> indexOids(DatabaseTarget db) throws SQLException {
        Map<String, Long> oids = new LinkedHashMap<>();
        for (String line : lines(
                db,
                "SELECT relname || ' ' || oid FROM pg_class WHERE relkind = 'i' AND relnamespace = 'public'::regnamespace ORDER BY 1")) {
            String[] parts = line.split(" ");
            oids.put(parts[0], Long.parseLong(parts[1]));
        }
        return oids;
    }

    static List<String> lines(DatabaseTarget db, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    static void execute(DatabaseTarget db, String sql) throws SQLException {
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
