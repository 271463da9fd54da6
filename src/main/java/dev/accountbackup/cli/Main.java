package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the jar: the operator (default) and the command-line tools on the same engine. */
@Command(
        name = "account-backup-operator",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Backs up and restores application user accounts stored in PostgreSQL.%n"
                + "With no command, runs the Kubernetes operator.",
        subcommands = {
            OperatorCommand.class,
            ExportCommand.class,
            ListCommand.class,
            VerifyCommand.class,
            ReportCommand.class,
            RestoreCommand.class,
            AccountsCommand.class,
            DecryptCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main {

    /** Exit code of a failed command; 2 is picocli's for usage errors. */
    static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(run(args.length == 0 ? new String[] {"operator"} : args));
    }

    static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BackupException be) {
                commandLine.getErr().println("error: " + be.getMessage());
                return FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
