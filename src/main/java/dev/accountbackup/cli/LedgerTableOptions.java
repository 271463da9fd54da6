package dev.accountbackup.cli;

import dev.accountbackup.engine.erasure.LedgerTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The application's own table of erased accounts, read in the target database at every restore. */
final class LedgerTableOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--ledger-table",
            paramLabel = "SCHEMA.TABLE",
            description = "a table of the target database in which the application records erased accounts (e.g."
                    + " gdpr.erasures): a restore reads its keys and withholds those accounts, as the ledger's;"
                    + " report --erasures counts them and shows which restores applied it")
    String table;

    @Option(
            names = "--ledger-key-column",
            paramLabel = "COLUMN",
            description = "the column of --ledger-table holding the erased account's key (e.g. user_id)")
    String keyColumn;

    @Option(
            names = "--ledger-root",
            paramLabel = "SCHEMA.TABLE",
            defaultValue = "public.users",
            description = "the root table whose primary key --ledger-key-column holds (default: public.users)")
    String root;

    /** The table, or null when none is given. */
    LedgerTable table() {
        if (table == null && keyColumn == null) {
            return null;
        }
        if (table == null || keyColumn == null) {
            throw new ParameterException(command.commandLine(), "--ledger-table and --ledger-key-column go together");
        }
        return new LedgerTable(table, keyColumn, root);
    }
}
