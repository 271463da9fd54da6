package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph;
import dev.accountbackup.engine.accounts.AccountGraph.Link;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.accounts.AccountSelector;
import dev.accountbackup.engine.catalog.Identifiers;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.export.SqlFailures;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.restore.AccountDiffResult.AccountChange;
import dev.accountbackup.engine.restore.AccountDiffResult.TableDiff;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a backup with the live database account by account, for every account of the root
 * table or for chosen ones. The backup's rows of the account graph are staged in temporary tables
 * and compared with set-based SQL, so memory does not grow with the tables; only the listed
 * accounts' details come back to the client. One transaction with one snapshot: it creates its
 * temporary tables, turns read-only, and is rolled back, so the application's tables are only read.
 */
public final class AccountDiff {

    private static final Logger LOG = LoggerFactory.getLogger(AccountDiff.class);

    private static final String STATUS = """
            SELECT account, CASE WHEN bool_or(table_no = 0 AND kind = 'D') THEN 'deleted'
                                 WHEN bool_or(table_no = 0 AND kind = 'A') THEN 'added' ELSE 'changed' END AS change
            FROM\s""" + AccountDiffTable.ROWS + " GROUP BY account";

    public AccountDiffResult diff(AccountDiffRequest request) {
        if (request.location() == null || request.target() == null || request.root() == null) {
            throw BackupException.invalid("a diff needs a backup location, a database and the accounts' root table");
        }
        Manifest manifest = request.location().resolve(request.backupId());
        AccountGraph graph = AccountGraph.of(manifest, request.root());
        AccountSelector selector = request.selector();
        if (selector != null) {
            selector.columns(graph.root().table()); // checks the selection against the backup (and lower-cases uuids)
        }
        LOG.info(
                "comparing backup {} with {}, accounts of {} ({})",
                manifest.backupId(),
                request.target().describe(),
                graph.root().displayName(),
                selector == null ? "all" : selector.describe());
        Connection connection = Connections.open(request.target());
        try {
            connection.setAutoCommit(false);
            Connections.execute(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            return compare(connection, request, manifest, graph, selector);
        } catch (SQLException e) {
            throw SqlFailures.whileExporting(
                    "comparing backup " + manifest.backupId() + " with "
                            + request.target().describe(),
                    e);
        } finally {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // closing rolls back too
            }
            Connections.closeQuietly(connection);
        }
    }

    private AccountDiffResult compare(
            Connection connection,
            AccountDiffRequest request,
            Manifest manifest,
            AccountGraph graph,
            AccountSelector selector)
            throws SQLException {
        RestorePlanner planner = new RestorePlanner(new TableResolver(connection), RestoreMode.UPSERT);
        List<TableEntry> entries = graph.members().stream().map(Member::table).toList();
        List<TablePlan> plans = planner.plan(entries);
        Map<Member, AccountDiffTable> tables = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            Member member = graph.members().get(i);
            tables.put(member, new AccountDiffTable(connection, i, member, plans.get(i), referenced(graph, member)));
        }
        for (AccountDiffTable table : tables.values()) {
            call(table, () -> table.create());
        }
        Connections.execute(
                connection,
                "CREATE TEMP TABLE " + AccountDiffTable.ROWS
                        + " (account text, table_no int, kind \"char\", row_key text, columns int[]) ON COMMIT DROP");
        // from here on, only temporary tables can change
        Connections.execute(connection, "SET TRANSACTION READ ONLY");

        BackupFiles files = new BackupFiles(request.location(), manifest);
        // the whole backup is compared: accounts erased since show as deleted, as they are in the live database
        TableLoader loader = new TableLoader(connection, files, Restorer.DEFAULT_LOCK_TIMEOUT);
        for (AccountDiffTable table : tables.values()) {
            loader.load(table.plan(), table.stage());
            call(table, () -> table.staged());
        }
        for (AccountDiffTable table : tables.values()) {
            for (String side : List.of("backup", "live")) {
                String sql = table.fillAccounts(side, rootCondition(graph, selector), tables);
                call(table, () -> {
                    try (PreparedStatement ps = connection.prepareStatement(sql)) {
                        if (table.member().depth() == 0) {
                            bind(ps, selector);
                        }
                        ps.executeUpdate();
                    }
                });
            }
            call(table, () -> table.analyzeAccounts());
        }
        for (AccountDiffTable table : tables.values()) {
            call(table, () -> table.compare());
        }
        return summary(connection, request, manifest, graph, selector, List.copyOf(tables.values()), planner);
    }

    /** The column lists of {@code member} that the tables below it reference. */
    private static Set<List<String>> referenced(AccountGraph graph, Member member) {
        Set<List<String>> referenced = new LinkedHashSet<>();
        for (Member m : graph.members()) {
            for (Link link : m.links()) {
                if (link.parent().is(member.table().schema(), member.table().name())) {
                    referenced.add(link.key().referencedColumns());
                }
            }
        }
        return referenced;
    }

    /** The root rows compared, on alias {@code a}: values bound by {@link #bind}, never written into SQL. */
    private static String rootCondition(AccountGraph graph, AccountSelector selector) {
        if (selector == null) {
            return "true";
        }
        if (selector instanceof AccountSelector.ByMatch match) {
            return "(a." + Identifiers.quote(match.column()) + ")::text = ?";
        }
        if (selector.requestedKeys().isEmpty()) {
            throw BackupException.invalid("accounts can be compared by key or by a match on a column only");
        }
        return "(a." + Identifiers.quote(graph.root().table().primaryKey().get(0)) + ")::text = ANY (?)";
    }

    private static void bind(PreparedStatement ps, AccountSelector selector) throws SQLException {
        if (selector instanceof AccountSelector.ByMatch match) {
            ps.setString(1, match.value());
        } else if (selector != null) {
            ps.setArray(
                    1,
                    ps.getConnection()
                            .createArrayOf("text", selector.requestedKeys().toArray()));
        }
    }

    private AccountDiffResult summary(
            Connection connection,
            AccountDiffRequest request,
            Manifest manifest,
            AccountGraph graph,
            AccountSelector selector,
            List<AccountDiffTable> tables,
            RestorePlanner planner)
            throws SQLException {
        List<TableDiff> perTable = tableDiffs(
                connection,
                tables,
                "SELECT table_no, kind, count(DISTINCT row_key), array_agg(DISTINCT c) FILTER (WHERE c IS NOT NULL)"
                        + " FROM " + AccountDiffTable.ROWS + " LEFT JOIN LATERAL unnest(columns) c ON true"
                        + " GROUP BY table_no, kind",
                null);
        Map<String, Long> statuses = new HashMap<>();
        try (PreparedStatement ps =
                        connection.prepareStatement("SELECT change, count(*) FROM (" + STATUS + ") a GROUP BY change");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                statuses.put(rs.getString(1), rs.getLong(2));
            }
        }
        Map<String, String> listed = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT account, change FROM (" + STATUS + ") a ORDER BY length(account), account LIMIT ?")) {
            ps.setInt(1, Math.max(0, request.listedAccounts()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    listed.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<AccountChange> accounts = new ArrayList<>();
        for (Map.Entry<String, String> account : listed.entrySet()) {
            List<TableDiff> diffs = tableDiffs(
                            connection,
                            tables,
                            "SELECT table_no, kind, count(DISTINCT row_key),"
                                    + " array_agg(DISTINCT c) FILTER (WHERE c IS NOT NULL) FROM "
                                    + AccountDiffTable.ROWS
                                    + " LEFT JOIN LATERAL unnest(columns) c ON true WHERE account = ?"
                                    + " GROUP BY table_no, kind",
                            account.getKey())
                    .stream()
                    .filter(TableDiff::differs)
                    .toList();
            accounts.add(new AccountChange(account.getKey(), account.getValue(), diffs));
        }
        long differing = statuses.values().stream().mapToLong(Long::longValue).sum();
        return new AccountDiffResult(
                manifest.backupId(),
                manifest.startedAt(),
                graph.root().displayName(),
                statuses.getOrDefault("deleted", 0L),
                statuses.getOrDefault("changed", 0L),
                statuses.getOrDefault("added", 0L),
                notFound(connection, tables.get(0), selector),
                perTable,
                List.copyOf(accounts),
                differing - accounts.size(),
                planner.warnings());
    }

    /** Per table of the graph, from rows (table_no, kind, rows, column numbers) of {@code sql}. */
    private static List<TableDiff> tableDiffs(
            Connection connection, List<AccountDiffTable> tables, String sql, String account) throws SQLException {
        long[][] counts = new long[tables.size()][3];
        List<Set<Integer>> columns = new ArrayList<>();
        tables.forEach(t -> columns.add(new TreeSet<>()));
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (account != null) {
                ps.setString(1, account);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int table = rs.getInt(1);
                    int kind = "DAC".indexOf(rs.getString(2));
                    counts[table][kind] = rs.getLong(3);
                    Array changed = rs.getArray(4);
                    if (changed != null) {
                        for (Object n : (Object[]) changed.getArray()) {
                            columns.get(table).add(((Number) n).intValue());
                        }
                    }
                }
            }
        }
        List<TableDiff> result = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            AccountDiffTable table = tables.get(i);
            List<String> names = columns.get(i).stream().map(table::columnName).toList();
            result.add(new TableDiff(table.plan().displayName(), counts[i][0], counts[i][1], counts[i][2], names));
        }
        return result;
    }

    /** Keys asked for that neither side holds. */
    private static List<String> notFound(Connection connection, AccountDiffTable root, AccountSelector selector)
            throws SQLException {
        if (selector == null || selector.requestedKeys().isEmpty()) {
            return List.of();
        }
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT \"$account\" FROM " + root.accounts("backup")
                        + " UNION SELECT \"$account\" FROM " + root.accounts("live"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return selector.requestedKeys().stream()
                .filter(k -> !found.contains(k))
                .sorted()
                .toList();
    }

    private static void call(AccountDiffTable table, SqlStep step) {
        try {
            step.run();
        } catch (SQLException e) {
            throw SqlFailures.whileExporting("comparing table " + table.plan().displayName() + " with the backup", e);
        }
    }

    @FunctionalInterface
    private interface SqlStep {
        void run() throws SQLException;
    }
}
