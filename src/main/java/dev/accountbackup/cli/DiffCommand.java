package dev.accountbackup.cli;

import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.restore.AccountDiff;
import dev.accountbackup.engine.restore.AccountDiffRequest;
import dev.accountbackup.engine.restore.AccountDiffResult;
import dev.accountbackup.engine.restore.AccountDiffResult.AccountChange;
import dev.accountbackup.engine.restore.AccountDiffResult.TableDiff;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "diff",
        description = "Compares a backup with the live database account by account: which accounts were deleted,"
                + " changed or added since the backup, in which tables and columns. Only reads the database.")
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackupFolderOption folder;

    @Option(
            names = "--backup",
            defaultValue = "latest",
            paramLabel = "ID|latest",
            description = "backup id (default: the newest complete backup)")
    String backupId;

    @Option(
            names = "--database",
            required = true,
            paramLabel = "postgresql://USER@HOST:PORT/DB",
            description = "the live database; the password comes from PGPASSWORD or ~/.pgpass")
    DatabaseTarget database;

    @Option(
            names = "--root",
            paramLabel = "SCHEMA.TABLE",
            description = "the accounts' root table, e.g. public.users (not needed with --account or --account-match)")
    String root;

    @Mixin
    AccountOptions accounts;

    @Option(
            names = "--list",
            defaultValue = "" + AccountDiffRequest.DEFAULT_LISTED_ACCOUNTS,
            paramLabel = "N",
            description = "list at most N differing accounts by key; the rest are counted (default: ${DEFAULT-VALUE})")
    int listed;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Optional<AccountSelection> selection = accounts.selection();
        String rootTable = selection.map(AccountSelection::root).orElse(root);
        if (rootTable == null) {
            throw new ParameterException(spec.commandLine(), "diff needs --root, --account or --account-match");
        }
        if (listed < 0 || listed > AccountDiffRequest.MAX_LISTED_ACCOUNTS) {
            throw new ParameterException(
                    spec.commandLine(), "--list must be between 0 and " + AccountDiffRequest.MAX_LISTED_ACCOUNTS);
        }
        AccountDiffResult result;
        try (BackupFolderOption.OpenFolder backups = folder.open()) {
            result = new AccountDiff()
                    .diff(new AccountDiffRequest(
                            backups.location(),
                            backupId,
                            database,
                            rootTable,
                            selection.map(AccountSelection::selector).orElse(null),
                            listed));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.printJson(out, result);
        } else {
            print(out, result);
        }
        return 0;
    }

    private static void print(PrintWriter out, AccountDiffResult result) {
        out.printf(
                "backup %s (taken %s) against the database, accounts of %s%n",
                result.backupId(), result.backupTakenAt(), result.root());
        out.printf(
                "accounts since the backup: %d deleted, %d changed, %d added%n",
                result.accountsDeleted(), result.accountsChanged(), result.accountsAdded());
        out.printf("  %-32s %9s %9s %9s  %s%n", "TABLE", "DELETED", "ADDED", "CHANGED", "CHANGED COLUMNS");
        for (TableDiff t : result.tables()) {
            out.printf(
                    "  %-32s %9d %9d %9d  %s%n",
                    t.table(), t.deleted(), t.added(), t.changed(), String.join(", ", t.changedColumns()));
        }
        if (!result.accounts().isEmpty()) {
            out.println("accounts:");
        }
        for (AccountChange account : result.accounts()) {
            List<String> parts = new ArrayList<>();
            for (TableDiff t : account.tables()) {
                parts.add(t.table() + " " + rows(t));
            }
            out.printf("  %-12s %-8s %s%n", account.key(), account.change(), String.join("; ", parts));
        }
        if (result.accountsNotListed() > 0) {
            out.printf("  ... and %d more accounts (raise --list to see them)%n", result.accountsNotListed());
        }
        if (!result.accountsNotFound().isEmpty()) {
            out.println("not in the backup nor in the database: " + String.join(", ", result.accountsNotFound()));
        }
        for (String warning : result.warnings()) {
            out.println("warning: " + warning);
        }
    }

    private static String rows(TableDiff t) {
        List<String> parts = new ArrayList<>();
        if (t.deleted() > 0) {
            parts.add(t.deleted() + " deleted");
        }
        if (t.added() > 0) {
            parts.add(t.added() + " added");
        }
        if (t.changed() > 0) {
            parts.add(t.changed() + " changed (" + String.join(", ", t.changedColumns()) + ")");
        }
        return String.join(", ", parts);
    }
}
