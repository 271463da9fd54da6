package dev.accountbackup.engine.accounts;

import dev.accountbackup.engine.accounts.AccountGraph.Link;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.manifest.TableEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Sorts the rows of a backup's account tables by account, in one streaming pass over each file:
 * a root row belongs to the account it is the root of when the selector selects it; any other row
 * belongs to the accounts of the parent rows its followed foreign keys point to. Only the keys of
 * selected accounts' rows are held, so memory grows with the selection, not with the backup.
 *
 * <p>A row is read only as far as its keys when it is laid out as exports write it ({@link
 * OrderedFields}), else parsed in full; a row that is kept is always parsed in full, so what is
 * handed on was checked as before, and finding one account costs little more than decompressing.
 *
 * <p>Tables must be read parents first, in the order of {@link AccountGraph#members()}: a child's
 * rows are sorted by the parent rows seen before.
 */
public final class AccountRows {

    /** Which rows a filter lets through. */
    public enum Keep {
        /** The rows of the selected accounts; tables outside the account graph give none. */
        SELECTED,
        /** Every row but the selected accounts' (e.g. erased accounts); tables outside the graph pass whole. */
        UNSELECTED
    }

    /** Receives the rows of a table that belong to selected accounts. */
    @FunctionalInterface
    public interface RowVisitor {
        /**
         * @param line     the row as one JSON object (valid until the call returns)
         * @param accounts the keys of the selected accounts the row belongs to (never empty)
         */
        void row(byte[] line, int offset, int length, Set<String> accounts) throws IOException;
    }

    /** What one table's pass found. */
    public record TableCounts(long rows, long selectedRows) {}

    private final AccountGraph graph;
    private final AccountSelector selector;
    private final List<String> selectorColumns;
    /** Per table and referenced column list: the selected rows' values there, with their accounts. */
    private final Map<TableEntry, Map<List<String>, Map<Object, Set<String>>>> referenced = new HashMap<>();

    private final Set<TableEntry> done = new HashSet<>();
    private final Map<String, TableCounts> counts = new LinkedHashMap<>();
    private final Set<String> accountsFound = new LinkedHashSet<>();

    public AccountRows(AccountGraph graph, AccountSelector selector) {
        this.graph = graph;
        this.selector = selector;
        this.selectorColumns = selector.columns(graph.root().table());
        for (Member m : graph.members()) {
            for (Link link : m.links()) {
                referenced
                        .computeIfAbsent(link.parent(), t -> new HashMap<>())
                        .computeIfAbsent(link.key().referencedColumns(), c -> new HashMap<>());
            }
        }
    }

    public AccountGraph graph() {
        return graph;
    }

    /**
     * The rows of {@code table} that {@code keep} lets through, as JSON Lines. The whole input is
     * read (so a hash over it can be checked), whatever is kept; {@link #counts} then gives the
     * number of rows read.
     */
    public InputStream filter(TableEntry table, InputStream jsonLines, Keep keep) {
        return new FilteredRows(this, table, jsonLines, keep);
    }

    /** Reads every row of {@code table} and hands the selected accounts' rows to {@code visitor}. */
    public void scan(TableEntry table, InputStream jsonLines, RowVisitor visitor) throws IOException {
        Member member = graph.member(table)
                .orElseThrow(() -> new IllegalArgumentException(table.displayName() + " is not an account table"));
        TableReader reader = reader(member);
        JsonLines lines = new JsonLines(jsonLines);
        while (lines.next()) {
            Set<String> accounts = reader.accountsOf(lines);
            if (!accounts.isEmpty()) {
                reader.checkKept(lines);
                visitor.row(lines.buffer(), lines.start(), lines.length(), accounts);
            }
        }
        reader.finish(lines.row());
    }

    /** Opens a table file of the backup as JSON Lines (decrypted, decompressed). */
    @FunctionalInterface
    public interface RowsOpener {
        InputStream open(TableEntry table) throws IOException;
    }

    /**
     * Reads the parents of {@code table} in the account graph that were not read yet (theirs
     * first), so that its rows can be told apart whatever order tables are read in.
     */
    public void readParents(TableEntry table, RowsOpener opener) throws IOException {
        for (Link link : graph.member(table).orElseThrow().links()) {
            TableEntry parent = link.parent();
            if (counts(parent) == null) {
                readParents(parent, opener);
                try (InputStream in = opener.open(parent)) {
                    scan(parent, in, (line, off, len, owners) -> {});
                }
            }
        }
    }

    /** Rows read and rows of selected accounts, for each table read so far, by display name. */
    public Map<String, TableCounts> counts() {
        return Map.copyOf(counts);
    }

    public TableCounts counts(TableEntry table) {
        return counts.get(table.displayName());
    }

    /** The keys of the selected accounts the root table held (read the root table first). */
    public Set<String> accountsFound() {
        return Set.copyOf(accountsFound);
    }

    /** Keys asked for by name that the backup does not hold. */
    public Set<String> accountsNotFound() {
        Set<String> missing = new LinkedHashSet<>(selector.requestedKeys());
        missing.removeAll(accountsFound);
        return missing;
    }

    TableReader reader(Member member) {
        for (Link link : member.links()) {
            if (!done.contains(link.parent())) {
                throw new IllegalStateException("table " + member.displayName() + " read before its parent "
                        + link.parent().displayName());
            }
        }
        return new TableReader(member);
    }

    /** Reads the rows of one table of the graph. */
    final class TableReader {

        private final Member member;
        private final boolean root;
        /** Every column whose value is needed, by name, to its slot. */
        private final Map<String, Integer> slots = new HashMap<>();

        private final String[] values;
        private final int[] selectorSlots;
        private final int[] keySlots;
        private final List<int[]> linkSlots = new ArrayList<>();
        /** For each link, the keys of the selected parent rows it points to, with their accounts. */
        private final List<Map<Object, Set<String>>> linkTargets = new ArrayList<>();
        /** For each column list of this table that children reference: its slots, and where its selected values go. */
        private final List<int[]> referencedSlots = new ArrayList<>();

        private final List<Map<Object, Set<String>>> referencedValues = new ArrayList<>();
        private final RowFields fields;
        /** The current row was read only as far as its keys. */
        private boolean keysOnly;

        private long selected;

        TableReader(Member member) {
            this.member = member;
            this.root = member.depth() == 0;
            TableEntry table = member.table();
            selectorSlots = root ? slotsOf(selectorColumns) : new int[0];
            keySlots = root ? slotsOf(table.primaryKey()) : new int[0];
            for (Link link : member.links()) {
                linkSlots.add(slotsOf(link.key().columns()));
                linkTargets.add(referenced.get(link.parent()).get(link.key().referencedColumns()));
            }
            for (Map.Entry<List<String>, Map<Object, Set<String>>> e :
                    referenced.getOrDefault(table, Map.of()).entrySet()) {
                referencedSlots.add(slotsOf(e.getKey()));
                referencedValues.add(e.getValue());
            }
            values = new String[slots.size()];
            fields = new RowFields(table, slots);
        }

        private int[] slotsOf(List<String> columns) {
            int[] result = new int[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                result[i] = slots.computeIfAbsent(columns.get(i), c -> slots.size());
            }
            return result;
        }

        /** The selected accounts the current line's row belongs to; registers its keys for the tables below. */
        Set<String> accountsOf(JsonLines line) throws IOException {
            read(line);
            Set<String> accounts = root ? rootAccount() : parentAccounts();
            if (!accounts.isEmpty()) {
                selected++;
                for (int i = 0; i < referencedSlots.size(); i++) {
                    Object key = keyAt(referencedSlots.get(i));
                    if (key != null) {
                        referencedValues
                                .get(i)
                                .computeIfAbsent(key, k -> new HashSet<>(2))
                                .addAll(accounts);
                    }
                }
            }
            return accounts;
        }

        /**
         * Parses the current row in full when only its keys were read: a row that is kept is
         * checked as a whole (valid JSON, one object, no key twice), whatever the rows left out.
         */
        void checkKept(JsonLines line) throws IOException {
            if (keysOnly) {
                fields.parse(line, values);
            }
        }

        private Set<String> rootAccount() {
            List<String> chosen = new ArrayList<>(selectorSlots.length);
            for (int slot : selectorSlots) {
                chosen.add(values[slot]);
            }
            if (!selector.selects(chosen)) {
                return Set.of();
            }
            String account = accountKey();
            if (account == null) {
                return Set.of(); // a primary key is never NULL; a forged file's row belongs to nobody
            }
            accountsFound.add(account);
            return Set.of(account);
        }

        private Set<String> parentAccounts() {
            Set<String> accounts = null;
            for (int i = 0; i < linkSlots.size(); i++) {
                Object fk = keyAt(linkSlots.get(i));
                if (fk == null) {
                    continue;
                }
                Set<String> parent = linkTargets.get(i).get(fk);
                if (parent != null) {
                    if (accounts == null) {
                        accounts = parent;
                    } else {
                        accounts = new HashSet<>(accounts);
                        accounts.addAll(parent);
                    }
                }
            }
            return accounts == null ? Set.of() : accounts;
        }

        /** The root row's primary key as one string, its columns' values joined; null when one is NULL. */
        private String accountKey() {
            if (keySlots.length == 1) {
                return values[keySlots[0]];
            }
            StringJoiner key = new StringJoiner("\u001f");
            for (int slot : keySlots) {
                if (values[slot] == null) {
                    return null;
                }
                key.add(values[slot]);
            }
            return key.toString();
        }

        /**
         * The values in these slots as a key: the value itself for one column (no list made for
         * each row), a list for several; null when one is NULL (a NULL foreign key references nothing).
         */
        private Object keyAt(int[] at) {
            if (at.length == 1) {
                return values[at[0]];
            }
            String[] key = new String[at.length];
            for (int i = 0; i < at.length; i++) {
                key[i] = values[at[i]];
                if (key[i] == null) {
                    return null;
                }
            }
            return Arrays.asList(key);
        }

        /** Reads the needed values: only as far as they go when the row is laid out as exports write it. */
        private void read(JsonLines line) throws IOException {
            keysOnly = fields.read(line, values);
        }

        /** Records the pass as complete: the tables below may now be read. */
        void finish(long rows) {
            done.add(member.table());
            counts.put(member.displayName(), new TableCounts(rows, selected));
        }
    }

    /** The rows a filter keeps, read line by line on demand. */
    private static final class FilteredRows extends KeptLines {

        private final AccountRows rows;
        private final TableEntry table;
        private final Keep keep;
        /** Made with the first row: the parents' rows must have been read by then, not when the filter is made. */
        private TableReader reader;

        private boolean started;

        FilteredRows(AccountRows rows, TableEntry table, InputStream input, Keep keep) {
            super(input);
            this.rows = rows;
            this.table = table;
            this.keep = keep;
        }

        @Override
        protected boolean keep(JsonLines lines) throws IOException {
            start();
            boolean selected = reader != null && !reader.accountsOf(lines).isEmpty();
            boolean kept = keep == Keep.SELECTED ? selected : !selected;
            if (kept && reader != null) {
                reader.checkKept(lines);
            }
            return kept;
        }

        @Override
        protected void finish(long read) {
            start();
            if (reader != null) {
                reader.finish(read);
            } else {
                rows.counts.put(table.displayName(), new TableCounts(read, 0));
            }
        }

        private void start() {
            if (!started) {
                reader = rows.graph.member(table).map(rows::reader).orElse(null);
                started = true;
            }
        }
    }
}
