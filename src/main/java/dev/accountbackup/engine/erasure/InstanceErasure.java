package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.accounts.AccountSelector;
import dev.accountbackup.engine.accounts.LiveAccounts;
import dev.accountbackup.engine.catalog.Identifiers;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.SqlFailures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the erasure ledger's accounts from a database that came back from before they were erased (an
 * instance restored from an RDS snapshot), in one transaction: the root rows whose key hashes to one of the
 * ledger's hashes (every key of the root table is hashed, as the ledger holds no keys), then their whole account
 * graph, from the live foreign keys, children first. Only counts come out, never keys.
 */
public final class InstanceErasure {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceErasure.class);
    private static final int FETCH_SIZE = 10_000;

    private final LedgerState ledger;
    private final ErasureHasher hasher;
    private final List<String> tables;

    /**
     * @param hasher the key of the ledger's entries ({@link RestoreErasures#recognise()})
     * @param tables the tables an account may have rows in, as a backup lists them; empty for every table of the
     *               root table's schema
     */
    public InstanceErasure(LedgerState ledger, ErasureHasher hasher, List<String> tables) {
        this.ledger = ledger;
        this.hasher = hasher;
        this.tables = List.copyOf(tables);
    }

    /** @throws BackupException when the database cannot be reached or refuses the deletion: then nothing is deleted */
    public InstanceErasureResult apply(DatabaseTarget target) {
        if (ledger.isEmpty()) {
            return InstanceErasureResult.none(ledger);
        }
        Connection connection = Connections.open(target);
        try {
            connection.setAutoCommit(false);
            InstanceErasureResult result = delete(connection);
            connection.commit();
            LOG.info(
                    "deleted {} erased account(s), {} row(s), from {} (erasure ledger version {})",
                    result.accountsDeleted(),
                    result.totalRowsDeleted(),
                    target.describe(),
                    ledger.version());
            return result;
        } catch (SQLException e) {
            throw translate("deleting erased accounts from " + target.describe(), e);
        } finally {
            Connections.closeQuietly(connection);
        }
    }

    private InstanceErasureResult delete(Connection connection) throws SQLException {
        TableResolver resolver = new TableResolver(connection);
        Map<String, Long> rowsDeleted = new LinkedHashMap<>();
        List<String> notApplied = new ArrayList<>();
        int accounts = 0;
        for (Map.Entry<String, Set<String>> erased : ledger.hashesByRoot().entrySet()) {
            Optional<TableSchema> root = resolver.resolve(erased.getKey());
            Predicate<TableSchema> scope = scope(resolver, root);
            if (root.isEmpty() || !scope.test(root.get())) {
                notApplied.add(erased.getKey());
                continue;
            }
            Set<String> keys = erasedKeys(connection, root.get(), erased.getValue());
            if (keys.isEmpty()) {
                continue;
            }
            LiveAccounts live = new LiveAccounts(connection, root.get(), scope);
            AccountSelector selector = AccountSelector.keys(keys);
            live.bind(selector);
            List<Member> childrenFirst = new ArrayList<>(live.graph().members());
            Collections.reverse(childrenFirst);
            for (Member member : childrenFirst) {
                long deleted = live.delete(member, selector);
                rowsDeleted.merge(member.displayName(), deleted, Long::sum);
            }
            accounts += keys.size();
        }
        return new InstanceErasureResult(
                ledger.version(), ledger.entries().size(), accounts, rowsDeleted, notApplied, false);
    }

    /** The tables listed, or the root table's schema when none are. */
    private Predicate<TableSchema> scope(TableResolver resolver, Optional<TableSchema> root) {
        if (tables.isEmpty()) {
            return table -> root.isPresent() && table.schema().equals(root.get().schema());
        }
        Set<Long> listed = new HashSet<>();
        for (String name : tables) {
            resolver.resolve(name).ifPresent(t -> listed.add(t.oid()));
        }
        return table -> listed.contains(table.oid());
    }

    /** The keys of the root rows whose key hashes to one of {@code hashes}, as PostgreSQL writes them. */
    private Set<String> erasedKeys(Connection connection, TableSchema root, Set<String> hashes) throws SQLException {
        if (root.primaryKey().size() != 1) {
            throw BackupException.invalid("the erasure ledger names accounts of " + root.displayName()
                    + ", whose primary key has " + root.primaryKey().size()
                    + " columns: erasures are recorded for single-column keys only");
        }
        Set<String> found = new HashSet<>();
        try (Statement st = connection.createStatement()) {
            st.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = st.executeQuery(
                    "SELECT (" + Identifiers.quote(root.primaryKey().get(0)) + ")::text FROM " + root.quotedName())) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    if (key != null && hashes.contains(hasher.hash(key))) {
                        found.add(key);
                    }
                }
            }
        }
        return found;
    }

    /** PostgreSQL's messages for rejected rows quote values: only names and the SQLSTATE are kept for those. */
    private static BackupException translate(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (state.equals("23503")) {
            String constraint = server == null || server.getConstraint() == null ? "" : " " + server.getConstraint();
            String table = server == null || server.getTable() == null
                    ? "a table outside the account graph"
                    : "table " + server.getSchema() + "." + server.getTable();
            return new BackupException(
                    Kind.DATA,
                    what + " failed: foreign key" + constraint + " of " + table
                            + " still references their rows (SQLSTATE 23503). Nothing was deleted: add that table to"
                            + " the AccountBackup's tables, or make the key ON DELETE CASCADE or SET NULL");
        }
        if (state.equals("42501")) {
            return BackupException.invalid(what + " failed: the login may not delete from the account tables"
                    + " (SQLSTATE 42501); grant it DELETE on them. Nothing was deleted");
        }
        return SqlFailures.whileExporting(what, e);
    }
}
