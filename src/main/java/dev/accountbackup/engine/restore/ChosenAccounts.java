package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph;
import dev.accountbackup.engine.accounts.AccountGraph.Link;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.accounts.AccountSelector;
import dev.accountbackup.engine.catalog.Identifiers;
import dev.accountbackup.engine.manifest.AccountsScope;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore of chosen accounts: which of the requested tables it writes (those of the account
 * graph, parents first, in the order their files must be read) and the streaming sort of their rows
 * by account. Tables outside the graph are left out with a warning. A backup that holds only some
 * accounts (a safety copy of an account restore) is always restored as chosen accounts: those it
 * holds, unless the request chooses among them.
 */
final class ChosenAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(ChosenAccounts.class);

    private final AccountSelection selection;
    private final AccountGraph graph;
    private final AccountRows rows;
    private final List<TableEntry> tables;
    private final List<String> warnings;
    /** Keys of accounts the backup says it holds, whether or not it has rows of them. */
    private final Set<String> heldKeys;

    private ChosenAccounts(
            AccountSelection selection,
            AccountGraph graph,
            AccountRows rows,
            List<TableEntry> tables,
            List<String> warnings,
            Set<String> heldKeys) {
        this.selection = selection;
        this.graph = graph;
        this.rows = rows;
        this.tables = tables;
        this.warnings = warnings;
        this.heldKeys = heldKeys;
    }

    /**
     * The accounts a restore writes: those the request chooses, else those the backup holds when it holds only some;
     * null for whole tables.
     *
     * @throws BackupException (INVALID) when the request chooses accounts of another root than the backup holds
     */
    static ChosenAccounts forRestore(AccountSelection requested, Manifest manifest, List<TableEntry> tables) {
        AccountsScope held = manifest.accounts();
        if (held == null) {
            return requested == null ? null : of(requested, manifest, tables);
        }
        AccountSelection heldSelection = AccountSelection.of(held, manifest.backupId());
        ChosenAccounts chosen = of(requested == null ? heldSelection : requested, manifest, tables);
        String heldRoot = AccountGraph.of(manifest, heldSelection.root()).root().displayName();
        if (!chosen.graph.root().displayName().equals(heldRoot)) {
            throw BackupException.invalid(
                    "backup " + manifest.backupId() + " holds only some accounts of " + heldRoot
                            + ": choose accounts of that table, or none to restore every account it holds. Nothing was changed");
        }
        if (requested == null) {
            LOG.info(
                    "backup {} holds only some accounts of {} ({}): restoring those accounts only",
                    manifest.backupId(),
                    heldRoot,
                    heldSelection.selector().describe());
        }
        Set<String> heldKeys = held.keys() == null ? Set.of() : Set.copyOf(held.keys());
        return new ChosenAccounts(
                chosen.selection, chosen.graph, chosen.rows, chosen.tables, chosen.warnings, heldKeys);
    }

    /**
     * @param requested the backup's tables the restore was asked for
     * @throws BackupException (INVALID) when the backup holds no account graph for the root, the selection does
     *                         not fit the root table, or a requested table's rows can only be found through a
     *                         table that is not requested
     */
    static ChosenAccounts of(AccountSelection selection, Manifest manifest, List<TableEntry> requested) {
        AccountGraph graph = AccountGraph.of(manifest, selection.root());
        AccountRows rows = new AccountRows(graph, selection.selector());
        List<TableEntry> tables = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Member m : graph.members()) {
            if (requested.stream()
                    .noneMatch(t -> t.is(m.table().schema(), m.table().name()))) {
                continue;
            }
            for (Link link : m.links()) {
                if (requested.stream()
                        .noneMatch(
                                t -> t.is(link.parent().schema(), link.parent().name()))) {
                    problems.add("the accounts' rows of " + m.displayName() + " are found through "
                            + link.parent().displayName() + ", which is not among the tables to restore");
                }
            }
            tables.add(m.table());
        }
        if (!problems.isEmpty()) {
            throw BackupException.invalid("cannot restore the chosen accounts: " + String.join("; ", problems)
                    + ". Add those tables, or restore all tables. Nothing was changed");
        }
        List<String> warnings = requested.stream()
                .filter(t -> !graph.contains(t))
                .map(t -> "table " + t.displayName() + " was left out: it is not part of the accounts of "
                        + graph.root().displayName() + " (no foreign key leads to it from there)")
                .toList();
        return new ChosenAccounts(selection, graph, rows, List.copyOf(tables), warnings, Set.of());
    }

    /** The tables to restore, parents first in the account graph's order. */
    List<TableEntry> tables() {
        return tables;
    }

    AccountGraph graph() {
        return graph;
    }

    AccountRows rows() {
        return rows;
    }

    /**
     * Keys of the accounts whose rows the target may hold and this restore may change: those found in the backup and,
     * for a backup that holds only some accounts, the chosen ones it holds without rows (they did not exist when it
     * was taken, so Replace removes them).
     */
    Set<String> targetKeys() {
        Set<String> keys = new HashSet<>(rows.accountsFound());
        selection.selector().requestedKeys().stream().filter(heldKeys::contains).forEach(keys::add);
        return keys;
    }

    /**
     * The accounts a safety copy of this restore holds, as its manifest records them: the keys whose rows it saved when
     * the root has a one-column key, else the match the restore was asked for.
     */
    AccountsScope scope() {
        String root = rootAsWritten();
        List<String> keys = targetKeys().stream().sorted().toList();
        if (graph.root().table().primaryKey().size() == 1
                && !keys.isEmpty()
                && keys.size() <= AccountSelection.MAX_KEYS) {
            return new AccountsScope(root, keys, null);
        }
        if (selection.selector() instanceof AccountSelector.ByMatch match) {
            return new AccountsScope(root, null, Map.of(match.column(), match.value()));
        }
        throw new BackupException(
                BackupException.Kind.INTERNAL, "accounts chosen by key on a root without a one-column key");
    }

    /** The root table as a restore's spec writes it: plain when PostgreSQL reads it back as it is, else quoted. */
    private String rootAsWritten() {
        TableEntry root = graph.root().table();
        boolean plain = root.schema().matches("[a-z_][a-z0-9_]*") && root.name().matches("[a-z_][a-z0-9_]*");
        return plain ? root.displayName() : Identifiers.qualified(root.schema(), root.name());
    }

    /** The selection without its values, for logs. */
    String describe() {
        return "the accounts of " + graph.root().displayName() + " chosen by "
                + selection.selector().describe();
    }

    List<String> warnings() {
        return warnings;
    }

    /** Which accounts were found, once the root table's file was read. */
    RestoredAccounts outcome() {
        return new RestoredAccounts(
                graph.root().displayName(),
                selection.selector().describe(),
                rows.accountsFound().size(),
                rows.accountsNotFound().stream().sorted().toList());
    }
}
