package dev.accountbackup.engine.accounts;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.catalog.ForeignKey;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.restore.BackupTableSelection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an account is in one backup: a row of the root table, identified by its primary key, and
 * every row that depends on it through foreign keys, transitively, among the backup's tables.
 * Computed from the foreign keys the manifest recorded at backup time, so it holds even when the
 * live schema has drifted since.
 *
 * <p>Self-references (a user invited by another user) are not followed: they would pull other
 * accounts in. A foreign key that would close a cycle among the account's tables is not followed
 * either (a row is reached through its other links), and is listed so that users can see it.
 */
public final class AccountGraph {

    /** A foreign key followed from a table to a table before it in the account graph. */
    public record Link(ForeignKey key, TableEntry parent) {}

    /**
     * A table of the account graph.
     *
     * @param depth       0 for the root, 1 for the tables referencing it, and so on
     * @param links       the foreign keys to tables before it in {@link #members()} that make it belong
     * @param notFollowed foreign keys to tables of the graph that are not followed (self-references, cycles)
     */
    public record Member(TableEntry table, int depth, List<Link> links, List<ForeignKey> notFollowed) {

        public String displayName() {
            return table.displayName();
        }
    }

    private final List<Member> members;

    private AccountGraph(List<Member> members) {
        this.members = members;
    }

    /**
     * The account graph of {@code manifest} rooted at the table written {@code rootName}
     * ({@code public.users}, {@code users}).
     *
     * @throws BackupException (INVALID) when the root is not in the backup or has no primary key, or
     *                         when the backup was made before foreign keys were recorded
     */
    public static AccountGraph of(Manifest manifest, String rootName) {
        TableEntry rootTable =
                BackupTableSelection.choose(manifest, List.of(rootName)).get(0);
        if (rootTable.primaryKey() == null || rootTable.primaryKey().isEmpty()) {
            throw BackupException.invalid("table " + rootTable.displayName()
                    + " has no primary key in backup " + manifest.backupId()
                    + ": an account is identified by the primary key of its root table");
        }
        List<TableEntry> unrecorded =
                manifest.tables().stream().filter(t -> t.foreignKeys() == null).toList();
        if (!unrecorded.isEmpty()) {
            throw BackupException.invalid("backup " + manifest.backupId()
                    + " was made by a version that did not record foreign keys, so the accounts it holds are not"
                    + " known: restore its tables whole, or take a new backup");
        }
        return build(rootTable, manifest.tables());
    }

    private static AccountGraph build(TableEntry rootTable, List<TableEntry> tables) {
        Map<TableEntry, List<Link>> placed = new LinkedHashMap<>();
        Map<TableEntry, Integer> depths = new HashMap<>();
        placed.put(rootTable, List.of());
        depths.put(rootTable, 0);
        // breadth first: a table joins in the round after one of its parents joined
        List<TableEntry> frontier = List.of(rootTable);
        for (int depth = 1; !frontier.isEmpty(); depth++) {
            List<TableEntry> round = new ArrayList<>();
            for (TableEntry table : tables) {
                if (!placed.containsKey(table) && parentIn(table, frontier)) {
                    round.add(table);
                }
            }
            for (TableEntry table : parentsFirst(round)) {
                List<Link> links = new ArrayList<>();
                for (ForeignKey key : table.foreignKeys()) {
                    TableEntry parent = referenced(placed.keySet(), key);
                    if (parent != null && parent != table) {
                        links.add(new Link(key, parent));
                    }
                }
                placed.put(table, List.copyOf(links));
                depths.put(table, depth);
            }
            frontier = round;
        }
        List<Member> members = new ArrayList<>();
        for (Map.Entry<TableEntry, List<Link>> e : placed.entrySet()) {
            TableEntry table = e.getKey();
            List<ForeignKey> notFollowed = table.foreignKeys().stream()
                    .filter(k -> referenced(placed.keySet(), k) != null)
                    .filter(k -> e.getValue().stream().noneMatch(l -> l.key().equals(k)))
                    .toList();
            members.add(new Member(table, depths.get(table), e.getValue(), notFollowed));
        }
        return new AccountGraph(List.copyOf(members));
    }

    private static boolean parentIn(TableEntry table, List<TableEntry> frontier) {
        return table.foreignKeys().stream().anyMatch(k -> referenced(frontier, k) != null);
    }

    /** The tables of one round, each after the tables of the round it references; a cycle keeps the backup's order. */
    private static List<TableEntry> parentsFirst(List<TableEntry> round) {
        List<TableEntry> remaining = new ArrayList<>(round);
        List<TableEntry> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            TableEntry next = remaining.stream()
                    .filter(t -> t.foreignKeys().stream()
                            .map(k -> referenced(remaining, k))
                            .allMatch(parent -> parent == null || parent == t))
                    .findFirst()
                    .orElse(remaining.get(0));
            remaining.remove(next);
            ordered.add(next);
        }
        return ordered;
    }

    private static TableEntry referenced(Collection<TableEntry> among, ForeignKey key) {
        for (TableEntry t : among) {
            if (key.references(t.schema(), t.name())) {
                return t;
            }
        }
        return null;
    }

    public Member root() {
        return members.get(0);
    }

    /** The tables of the graph, parents before the tables that reference them; the root first. */
    public List<Member> members() {
        return members;
    }

    /** The graph's member for this table of the backup, if it belongs to the graph. */
    public Optional<Member> member(TableEntry table) {
        return members.stream()
                .filter(m -> m.table().is(table.schema(), table.name()))
                .findFirst();
    }

    public boolean contains(TableEntry table) {
        return member(table).isPresent();
    }

    /**
     * Human-readable lines: each table with its depth and the keys it is reached by, e.g.
     * {@code public.user_roles (depth 1) via user_roles_user_id_fkey (user_id) -> public.users (id)}.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Member m : members) {
            StringBuilder line = new StringBuilder(m.displayName());
            if (m.depth() == 0) {
                line.append(" (root, key ")
                        .append(String.join(", ", m.table().primaryKey()))
                        .append(')');
            } else {
                line.append(" (depth ").append(m.depth()).append(')');
            }
            lines.add(line.toString());
            for (Link link : m.links()) {
                lines.add("  via " + keyText(link.key()));
            }
            for (ForeignKey key : m.notFollowed()) {
                lines.add("  not followed: " + keyText(key)
                        + (key.references(m.table().schema(), m.table().name())
                                ? " (self-reference: it would pull other accounts in)"
                                : " (it closes a cycle)"));
            }
        }
        return lines;
    }

    private static String keyText(ForeignKey key) {
        return key.name() + " (" + String.join(", ", key.columns()) + ") -> " + key.referencedDisplayName() + " ("
                + String.join(", ", key.referencedColumns()) + ")";
    }
}
