package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph;
import dev.accountbackup.engine.accounts.AccountGraph.Link;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * A restore of chosen accounts: which of the requested tables it writes (those of the account
 * graph, parents first, in the order their files must be read) and the streaming sort of their rows
 * by account. Tables outside the graph are left out with a warning.
 */
final class ChosenAccounts {

    private final AccountSelection selection;
    private final AccountGraph graph;
    private final AccountRows rows;
    private final List<TableEntry> tables;
    private final List<String> warnings;

    private ChosenAccounts(
            AccountSelection selection,
            AccountGraph graph,
            AccountRows rows,
            List<TableEntry> tables,
            List<String> warnings) {
        this.selection = selection;
        this.graph = graph;
        this.rows = rows;
        this.tables = tables;
        this.warnings = warnings;
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
        return new ChosenAccounts(selection, graph, rows, List.copyOf(tables), warnings);
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
