package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph;
import dev.accountbackup.engine.accounts.AccountGraph.Link;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.catalog.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rows of chosen accounts as the target database holds them now, so that Replace deletes
 * only those: the root rows whose primary key is one of the accounts found in the backup, then,
 * level by level, the rows whose followed foreign key points to a row found on the level above.
 * Each table's rows are kept as their keys in a temporary table, dropped at the end of the
 * transaction. SQL is built from quoted identifiers only; account keys are bound as parameters.
 */
final class TargetAccounts {

    private final Connection connection;
    private final AccountGraph graph;
    private final Map<String, TablePlan> plans = new HashMap<>();
    private final Map<String, String> keyTables = new HashMap<>();

    /** @param plans the restored tables; every followed parent of one of them is among them */
    TargetAccounts(Connection connection, AccountGraph graph, List<TablePlan> plans) {
        this.connection = connection;
        this.graph = graph;
        plans.forEach(p -> this.plans.put(p.entry().displayName(), p));
    }

    /**
     * Finds the rows of the accounts with these keys (as {@link dev.accountbackup.engine.accounts.AccountRows}
     * writes them: a composite key's values joined by U+001F) in every restored table.
     */
    void collect(Set<String> accountKeys) throws SQLException {
        int number = 0;
        for (Member m : graph.members()) {
            TablePlan plan = plans.get(m.displayName());
            if (plan == null) {
                continue;
            }
            String keys = "pg_temp." + Identifiers.quote("account_restore_rows_" + (++number));
            String columns =
                    kept(m, plan).stream().map(c -> "t." + Identifiers.quote(c)).collect(Collectors.joining(", "));
            String create = "CREATE TEMP TABLE " + keys + " ON COMMIT DROP AS SELECT DISTINCT " + columns + " FROM "
                    + plan.target().quotedName() + " t WHERE ";
            if (m.depth() == 0) {
                createRoot(create, plan, accountKeys);
            } else {
                execute(create + parentsMatch(m, plan));
            }
            execute("ANALYZE " + keys);
            keyTables.put(m.displayName(), keys);
        }
    }

    /** The condition that a row of {@code plan}'s table, as {@code alias}, is one of the accounts' rows. */
    String holds(TablePlan plan, String alias) {
        return "EXISTS (SELECT 1 FROM " + keyTables.get(plan.entry().displayName()) + " a WHERE "
                + plan.keyMatch("a", alias) + ")";
    }

    private void createRoot(String create, TablePlan plan, Set<String> accountKeys) throws SQLException {
        List<String> key = plan.target().primaryKey();
        List<List<String>> columns = new ArrayList<>();
        key.forEach(k -> columns.add(new ArrayList<>()));
        for (String account : accountKeys) {
            String[] values = account.split("\u001f", -1);
            if (values.length == key.size()) {
                for (int i = 0; i < values.length; i++) {
                    columns.get(i).add(values[i]);
                }
            }
        }
        String texts =
                key.stream().map(k -> "(t." + Identifiers.quote(k) + ")::text").collect(Collectors.joining(", "));
        String arrays = key.stream().map(k -> "?::text[]").collect(Collectors.joining(", "));
        // compared as text: the backup holds the keys as PostgreSQL writes them out
        String sql =
                create + (key.size() == 1 ? texts : "(" + texts + ")") + " IN (SELECT * FROM unnest(" + arrays + "))";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < key.size(); i++) {
                Array array = connection.createArrayOf("text", columns.get(i).toArray());
                ps.setArray(i + 1, array);
            }
            ps.execute();
        }
    }

    /** Rows whose followed foreign keys point to a kept row of a parent. */
    private String parentsMatch(Member m, TablePlan plan) {
        List<String> matches = new ArrayList<>();
        for (Link link : m.links()) {
            TablePlan parent = plans.get(link.parent().displayName());
            requireColumns(plan, link.key().columns(), link);
            requireColumns(parent, link.key().referencedColumns(), link);
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < link.key().columns().size(); i++) {
                pairs.add("t." + Identifiers.quote(link.key().columns().get(i)) + " = p."
                        + Identifiers.quote(link.key().referencedColumns().get(i)));
            }
            matches.add("EXISTS (SELECT 1 FROM " + keyTables.get(parent.entry().displayName()) + " p WHERE "
                    + String.join(" AND ", pairs) + ")");
        }
        return String.join(" OR ", matches);
    }

    /** The columns kept of a table's rows: its key, and what its children's foreign keys reference. */
    private List<String> kept(Member m, TablePlan plan) {
        Set<String> columns = new LinkedHashSet<>(plan.target().primaryKey());
        for (Member child : graph.members()) {
            if (plans.containsKey(child.displayName())) {
                child.links().stream()
                        .filter(l -> l.parent().is(m.table().schema(), m.table().name()))
                        .forEach(l -> columns.addAll(l.key().referencedColumns()));
            }
        }
        requireColumns(plan, List.copyOf(columns), null);
        return List.copyOf(columns);
    }

    private static void requireColumns(TablePlan plan, List<String> columns, Link link) {
        for (String c : columns) {
            if (plan.target().column(c).isEmpty()) {
                throw BackupException.invalid("cannot find the chosen accounts' rows in " + plan.displayName()
                        + ": its column " + c
                        + (link == null ? "" : " (foreign key " + link.key().name() + ")")
                        + " is no longer in the database. Nothing was changed");
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (var st = connection.createStatement()) {
            st.execute(sql);
        }
    }
}
