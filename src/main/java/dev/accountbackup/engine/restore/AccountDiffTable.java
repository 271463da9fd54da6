package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph.Link;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.catalog.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The set-based statements that compare one table of the account graph between its staged backup
 * rows and the live table. Two temporary tables per side map each row's key (and the columns its
 * children reference) to the accounts it belongs to, built parents first by joining the parent's
 * map; differing rows land in one temporary table with their accounts. Nothing but temporary
 * tables is written.
 */
final class AccountDiffTable {

    static final String ROWS = "pg_temp.account_diff_rows";
    private static final String ACCOUNT = Identifiers.quote("$account");

    private final Connection connection;
    private final int number;
    private final Member member;
    private final TablePlan plan;
    private final TableChanges stage;
    private final String target;
    /** The key and the columns children reference: what the account maps hold. */
    private final List<String> mapped;

    AccountDiffTable(Connection connection, int number, Member member, TablePlan plan, Set<List<String>> referenced) {
        this.connection = connection;
        this.number = number;
        this.member = member;
        this.plan = plan;
        this.stage = new TableChanges(connection, plan, "account_diff_stage_" + number);
        this.target = plan.target().quotedName();
        Set<String> columns = new LinkedHashSet<>(plan.target().primaryKey());
        referenced.forEach(columns::addAll);
        for (String column : columns) {
            if (plan.restored().stream().noneMatch(c -> c.name().equals(column))) {
                throw BackupException.invalid(
                        "table " + plan.displayName() + ": column " + column
                                + " links accounts but is missing from the backup or the database, so accounts cannot be compared");
            }
        }
        this.mapped = List.copyOf(columns);
    }

    Member member() {
        return member;
    }

    TablePlan plan() {
        return plan;
    }

    String stage() {
        return stage.stage();
    }

    /** The account map of one side: "backup" (the staged rows) or "live" (the table). */
    String accounts(String side) {
        return "pg_temp." + Identifiers.quote("account_diff_" + side + "_" + number);
    }

    /** Creates the stage and both account maps, before the transaction turns read-only. */
    void create() throws SQLException {
        stage.createStage();
        for (String side : List.of("backup", "live")) {
            update("CREATE TEMP TABLE " + accounts(side) + " ON COMMIT DROP AS SELECT " + list("", mapped)
                    + ", NULL::text AS " + ACCOUNT + " FROM " + target + " WITH NO DATA");
        }
    }

    /** After the backup rows are staged: refuses duplicate keys and gives the planner the stage's size. */
    void staged() throws SQLException {
        stage.refuseDuplicateKeys();
        stage.analyzeStage();
    }

    /**
     * Fills the account map of a side: the root's selected rows are their own account, another
     * table's rows belong to the accounts of the parent rows they reference.
     *
     * @param rootCondition SQL on alias {@code a} selecting the root rows compared (parameters bound by the caller)
     */
    String fillAccounts(String side, String rootCondition, Map<Member, AccountDiffTable> tables) {
        String source = side.equals("backup") ? stage.stage() : target;
        String insert = "INSERT INTO " + accounts(side) + " (" + list("", mapped) + ", " + ACCOUNT + ") ";
        if (member.depth() == 0) {
            return insert + "SELECT " + list("a.", mapped) + ", " + accountKey("a") + " FROM " + source + " a WHERE "
                    + rootCondition;
        }
        List<String> each = new ArrayList<>();
        for (Link link : member.links()) {
            AccountDiffTable parent = tables.get(tablesMember(tables, link));
            String on = joinOn("c", link.key().columns(), "p", link.key().referencedColumns());
            each.add("SELECT " + list("c.", mapped) + ", p." + ACCOUNT + " FROM " + source + " c JOIN "
                    + parent.accounts(side) + " p ON " + on);
        }
        return insert + String.join(" UNION ", each);
    }

    private static Member tablesMember(Map<Member, AccountDiffTable> tables, Link link) {
        return tables.keySet().stream()
                .filter(m -> m.table().is(link.parent().schema(), link.parent().name()))
                .findFirst()
                .orElseThrow();
    }

    void analyzeAccounts() throws SQLException {
        update("ANALYZE " + accounts("backup"));
        update("ANALYZE " + accounts("live"));
    }

    /** Records this table's deleted, added and changed rows with their accounts. */
    void compare() throws SQLException {
        String rowKey = "ROW(" + list("x.", plan.target().primaryKey()) + ")::text";
        String into = "INSERT INTO " + ROWS + " (account, table_no, kind, row_key, columns) ";
        update(into + "SELECT x." + ACCOUNT + ", " + number + ", 'D', " + rowKey + ", NULL FROM " + accounts("backup")
                + " x WHERE NOT EXISTS (SELECT 1 FROM " + target + " t WHERE " + plan.keyMatch("t", "x") + ")");
        update(into + "SELECT x." + ACCOUNT + ", " + number + ", 'A', " + rowKey + ", NULL FROM " + accounts("live")
                + " x WHERE NOT EXISTS (SELECT 1 FROM " + stage.stage() + " s WHERE " + plan.keyMatch("s", "x") + ")");
        if (plan.compared().isEmpty()) {
            return;
        }
        List<String> tests = new ArrayList<>();
        for (int i = 0; i < plan.compared().size(); i++) {
            String c = plan.compared().get(i).quotedName();
            tests.add("CASE WHEN (s." + c + ")::text COLLATE \"C\" IS DISTINCT FROM (t." + c + ")::text COLLATE \"C\""
                    + " THEN " + i + " END");
        }
        String key = plan.target().primaryKey().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        String changed = "SELECT " + list("s.", plan.target().primaryKey()) + ", array_remove(ARRAY["
                + String.join(", ", tests) + "]::int[], NULL) AS cols FROM " + stage.stage() + " s JOIN " + target
                + " t ON " + plan.keyMatch("t", "s");
        String owners = "SELECT " + key + ", " + ACCOUNT + " FROM " + accounts("backup") + " UNION SELECT " + key + ", "
                + ACCOUNT + " FROM " + accounts("live");
        update(into + "SELECT x." + ACCOUNT + ", " + number + ", 'C', " + rowKey + ", ch.cols FROM (" + changed
                + ") ch JOIN (" + owners + ") x ON " + plan.keyMatch("x", "ch") + " WHERE cardinality(ch.cols) > 0");
    }

    String columnName(int index) {
        return plan.compared().get(index).name();
    }

    /** The account key as text, as a backup writes it: the value of a single key column, or the row of a composite one. */
    private String accountKey(String alias) {
        List<String> key = plan.target().primaryKey();
        return key.size() == 1
                ? "(" + alias + "." + Identifiers.quote(key.get(0)) + ")::text"
                : "ROW(" + list(alias + ".", key) + ")::text";
    }

    private static String list(String prefix, List<String> columns) {
        return columns.stream().map(c -> prefix + Identifiers.quote(c)).collect(Collectors.joining(", "));
    }

    private static String joinOn(String a, List<String> columns, String b, List<String> referenced) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            pairs.add(a + "." + Identifiers.quote(columns.get(i)) + " = " + b + "."
                    + Identifiers.quote(referenced.get(i)));
        }
        return String.join(" AND ", pairs);
    }

    private void update(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.executeUpdate(sql);
        }
    }
}
