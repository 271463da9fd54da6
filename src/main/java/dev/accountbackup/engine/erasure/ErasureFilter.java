package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph;
import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.accounts.AccountRows.Keep;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.restore.BackupTableSelection;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Withholds the rows of erased accounts from a backup's table files as they are read: every row of
 * the account graph of each erased account, not only its root row. One per restore; tables may be
 * read in any order (a table whose parents were not read yet has them read first, once, to learn
 * which of its rows belong to erased accounts).
 */
public final class ErasureFilter {

    private final List<AccountRows> byRoot;
    private final Map<String, Long> withheld = new LinkedHashMap<>();
    private final Map<String, AccountRows> firstFilter = new HashMap<>();

    private ErasureFilter(List<AccountRows> byRoot) {
        this.byRoot = byRoot;
    }

    /**
     * The filter of the ledger's accounts for one backup.
     *
     * @throws BackupException INVALID when the backup holds an erased account's root table but its
     *                         accounts cannot be told apart (no recorded foreign keys, a composite key)
     */
    public static ErasureFilter of(Manifest manifest, LedgerState ledger, ErasureHasher hasher) {
        return of(manifest, ledger, hasher, null, Set.of());
    }

    /**
     * The filter of the ledger's accounts and of the keys an erasure table holds, for one backup.
     *
     * @param hasher    null when the ledger is empty
     * @param table     the erasure table the keys were read from; null for none
     * @param tableKeys the keys of {@code table}'s root table, as {@link LedgerTable#readKeys} read them
     */
    public static ErasureFilter of(
            Manifest manifest, LedgerState ledger, ErasureHasher hasher, LedgerTable table, Set<String> tableKeys) {
        Map<String, Set<String>> hashesByRoot = new TreeMap<>(ledger.hashesByRoot());
        if (table != null) {
            hashesByRoot.putIfAbsent(table.root(), Set.of());
        }
        List<AccountRows> byRoot = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : hashesByRoot.entrySet()) {
            Set<String> plainKeys = table != null && table.root().equals(e.getKey()) ? tableKeys : Set.of();
            if (holds(manifest, e.getKey())) {
                AccountGraph graph;
                try {
                    graph = AccountGraph.of(manifest, e.getKey());
                } catch (BackupException ex) {
                    throw BackupException.invalid("the erasure ledger names accounts of " + e.getKey()
                            + ", whose rows cannot be withheld from this backup: " + ex.getMessage());
                }
                byRoot.add(new AccountRows(graph, new ErasedKeys(e.getValue(), hasher, plainKeys)));
            }
        }
        return new ErasureFilter(byRoot);
    }

    private static boolean holds(Manifest manifest, String root) {
        try {
            BackupTableSelection.choose(manifest, List.of(root));
            return true;
        } catch (BackupException e) {
            return false;
        }
    }

    /** The rows of {@code table} without those of erased accounts; read it to the end before {@link #kept}. */
    public InputStream rows(TableEntry table, InputStream jsonLines, AccountRows.RowsOpener opener) throws IOException {
        InputStream rows = jsonLines;
        for (AccountRows accounts : byRoot) {
            if (accounts.graph().contains(table)) {
                accounts.readParents(table, opener);
                rows = accounts.filter(table, rows, Keep.UNSELECTED);
                firstFilter.putIfAbsent(table.displayName(), accounts);
            }
        }
        return rows;
    }

    /**
     * The rows the file of {@code table} held, once it was read through {@link #rows}; records how
     * many of them were withheld.
     *
     * @param kept the rows that came out of the filter
     */
    public long rowsRead(TableEntry table, long kept) {
        AccountRows first = firstFilter.get(table.displayName());
        if (first == null) {
            return kept;
        }
        long rows = first.counts(table).rows();
        if (rows > kept) {
            withheld.merge(table.displayName(), rows - kept, Long::sum);
        }
        return rows;
    }

    /** Whether rows of {@code table} may be withheld: it is in the account graph of an erased account. */
    public boolean withholdsFrom(TableEntry table) {
        return byRoot.stream().anyMatch(accounts -> accounts.graph().contains(table));
    }

    /** Rows withheld per table, in the order tables were read. */
    public Map<String, Long> withheld() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(withheld));
    }

    /** Erased accounts whose root row the backup held (among the root tables read). */
    public int accountsWithheld() {
        return byRoot.stream().mapToInt(r -> r.accountsFound().size()).sum();
    }
}
