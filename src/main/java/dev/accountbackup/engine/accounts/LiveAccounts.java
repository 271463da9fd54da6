package dev.accountbackup.engine.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph.Link;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.catalog.Identifiers;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.codec.CopyTextToJson;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The accounts of a live database, seen the way a backup sees them: the account graph from the
 * catalog's foreign keys, and the selected accounts' rows encoded exactly as an export encodes
 * them (COPY text through {@link CopyTextToJson}), or deleted. Only the selected accounts' rows are
 * touched: the selection's values reach SQL as transaction-local settings set with bound
 * parameters, never as SQL text (COPY takes no parameters).
 */
public final class LiveAccounts {

    private static final String KEYS_SETTING = "accountbackup.account_keys";
    private static final String MATCH_SETTING = "accountbackup.account_match";

    /** Tables whose foreign keys reference a table (partitions' inherited keys left out: their parent has them). */
    private static final String REFERENCING = """
            SELECT DISTINCT k.conrelid FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            WHERE k.contype = 'f' AND k.confrelid = ? AND k.conparentid = 0 AND c.relkind IN ('r', 'p')
            ORDER BY k.conrelid""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final Map<TableEntry, TableSchema> schemas = new LinkedHashMap<>();
    private final AccountGraph graph;

    /** Reads the catalog: the root table and every table that references it, transitively. */
    LiveAccounts(Connection connection, String root) throws SQLException {
        this(connection, new TableResolver(connection).resolveAll(List.of(root)).get(0), table -> true);
    }

    /**
     * Reads the catalog: the root table and every table of {@code scope} that references it, transitively
     * (through tables of the scope only).
     */
    public LiveAccounts(Connection connection, TableSchema rootSchema, Predicate<TableSchema> scope)
            throws SQLException {
        this.connection = connection;
        TableResolver resolver = new TableResolver(connection);
        Map<Long, TableSchema> found = new LinkedHashMap<>();
        Set<Long> outside = new HashSet<>();
        found.put(rootSchema.oid(), rootSchema);
        Deque<Long> todo = new ArrayDeque<>(List.of(rootSchema.oid()));
        while (!todo.isEmpty()) {
            for (long oid : referencing(todo.poll())) {
                if (!found.containsKey(oid) && !outside.contains(oid)) {
                    TableSchema table = resolver.describe(oid);
                    if (scope.test(table)) {
                        found.put(oid, table);
                        todo.add(oid);
                    } else {
                        outside.add(oid);
                    }
                }
            }
        }
        for (TableSchema table : found.values()) {
            schemas.put(entry(table), table);
        }
        Instant now = Instant.now();
        Manifest live = new Manifest(
                Manifest.FORMAT_VERSION, "live", now, now, null, null, Map.of(), List.copyOf(schemas.keySet()));
        this.graph = AccountGraph.of(live, rootSchema.displayName());
    }

    public AccountGraph graph() {
        return graph;
    }

    private List<Long> referencing(long oid) throws SQLException {
        List<Long> oids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(REFERENCING)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oids.add(rs.getLong(1));
                }
            }
        }
        return oids;
    }

    private static TableEntry entry(TableSchema table) {
        List<ColumnEntry> columns = table.columns().stream()
                .map(c -> new ColumnEntry(c.name(), c.type(), c.nullable(), c.encoding(), c.elementEncoding()))
                .toList();
        return new TableEntry(
                table.schema(), table.name(), null, 0, 0, null, table.primaryKey(), columns, table.foreignKeys());
    }

    /**
     * Hands the selection's values to the database for {@link #rows}: transaction-local settings,
     * bound. Call after the selector saw the root table (a uuid key is lower-cased then).
     */
    public void bind(AccountSelector selector) throws SQLException {
        String name;
        String value;
        if (selector instanceof AccountSelector.ByMatch match) {
            name = MATCH_SETTING;
            value = match.value();
        } else if (!selector.requestedKeys().isEmpty()) {
            name = KEYS_SETTING;
            try {
                value = JSON.writeValueAsString(List.copyOf(selector.requestedKeys()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("strings always serialize", e);
            }
        } else {
            throw BackupException.invalid(
                    "accounts can be read from the database by key or by a match on a column only");
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeQuery().close();
        }
    }

    /**
     * The rows of {@code member} that may belong to the selected accounts, as JSON Lines encoded
     * like an export's: the root's selected rows, and the rows referencing those, level by level.
     */
    InputStream rows(Member member, AccountSelector selector) throws SQLException, IOException {
        TableSchema table = schemas.get(member.table());
        String columns =
                table.columns().stream().map(c -> "t0." + c.quotedName()).collect(Collectors.joining(", "));
        String sql = "COPY (SELECT " + columns + " FROM " + table.quotedName() + " t0 WHERE "
                + condition(member, 0, selector) + ") TO STDOUT";
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        CopyTextToJson converter = new CopyTextToJson(table.columns(), json);
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        byte[] chunk;
        while ((chunk = copy.readFromCopy()) != null) {
            converter.write(chunk, 0, chunk.length);
        }
        converter.finish();
        return new ByteArrayInputStream(json.toByteArray());
    }

    /**
     * Deletes the rows of {@code member} that belong to the selected accounts (bound with {@link #bind});
     * call it for the graph's members children first, so that each table's rows are still found through
     * their parents.
     *
     * @return the rows deleted
     */
    public long delete(Member member, AccountSelector selector) throws SQLException {
        String sql = "DELETE FROM " + schemas.get(member.table()).quotedName() + " t0 WHERE "
                + condition(member, 0, selector);
        try (var st = connection.createStatement()) {
            return st.executeLargeUpdate(sql);
        }
    }

    /** Which rows of {@code member}, aliased {@code t<level>}, may belong to the selected accounts. */
    private String condition(Member member, int level, AccountSelector selector) {
        String alias = "t" + level;
        if (member.depth() == 0) {
            if (selector instanceof AccountSelector.ByMatch match) {
                return "(" + alias + "." + Identifiers.quote(match.column()) + ")::text = current_setting('"
                        + MATCH_SETTING + "')";
            }
            String key = member.table().primaryKey().get(0);
            return "(" + alias + "." + Identifiers.quote(key) + ")::text IN (SELECT jsonb_array_elements_text("
                    + "current_setting('" + KEYS_SETTING + "')::jsonb))";
        }
        String parentAlias = "t" + (level + 1);
        List<String> each = new ArrayList<>();
        for (Link link : member.links()) {
            Member parent = graph.member(link.parent()).orElseThrow();
            each.add("(" + columns(alias, link.key().columns()) + ") IN (SELECT "
                    + columns(parentAlias, link.key().referencedColumns()) + " FROM "
                    + schemas.get(parent.table()).quotedName() + " " + parentAlias + " WHERE "
                    + condition(parent, level + 1, selector) + ")");
        }
        return String.join(" OR ", each);
    }

    private static String columns(String alias, List<String> names) {
        return names.stream().map(n -> alias + "." + Identifiers.quote(n)).collect(Collectors.joining(", "));
    }
}
