package dev.accountbackup.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The full content of the sample account tables at one moment, row by row (each row's text form,
 * keyed by table and primary key), so that the demo can prove rows came back exactly.
 */
record AccountsSnapshot(Map<String, String> rows) {

    private static final String[][] TABLES = {
        {"users", "id"},
        {"user_identities", "user_id || '/' || id"},
        {"user_profiles", "user_id"},
    };

    static AccountsSnapshot take(Connection connection) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            for (String[] table : TABLES) {
                try (ResultSet rs =
                        st.executeQuery("SELECT " + table[1] + ", t::text FROM " + table[0] + " t ORDER BY 1")) {
                    while (rs.next()) {
                        rows.put(table[0] + ":" + rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return new AccountsSnapshot(rows);
    }

    /** Rows of one user across the three tables (the user, its identities, its profile). */
    Map<String, String> ofUser(long userId) {
        Map<String, String> result = new LinkedHashMap<>();
        rows.forEach((key, value) -> {
            if (key.equals("users:" + userId)
                    || key.startsWith("user_identities:" + userId + "/")
                    || key.equals("user_profiles:" + userId)) {
                result.put(key, value);
            }
        });
        return result;
    }

    long count(String table) {
        return rows.keySet().stream().filter(k -> k.startsWith(table + ":")).count();
    }
}
