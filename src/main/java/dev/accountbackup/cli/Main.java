package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

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
            ExportAccountCommand.class,
            DiffCommand.class,
            ListCommand.class,
            VerifyCommand.class,
            ReportCommand.class,
            RestoreCommand.class,
            RepairCommand.class,
            EraseCommand.class,
            AccountsCommand.class,
            DecryptCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            FleetBenchCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main {

    /** Exit code of a failed command; 2 is picocli's for usage errors. */
    static final int FAILED = 1;

    /** The environment the commands read their settings and credentials from: the process's, or one given to {@link #run}. */
    private final Map<String, String> env;

    private Main(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The environment of the command line that {@code spec}, a command's (not a nested option group's), belongs to. */
    static Map<String, String> env(CommandSpec spec) {
        if (!(spec.root().userObject() instanceof Main main)) {
            throw new IllegalStateException("not a command of this command line: " + spec.qualifiedName());
        }
        return main.env;
    }

    public static void main(String[] args) {
        System.exit(run(args.length == 0 ? new String[] {"operator"} : args));
    }

    static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /**
     * Runs a command with the given environment instead of the process's: what a container's env would hold (e.g. a
     * Kubernetes Job's, with values from Secrets), for a caller that runs commands in its own process.
     */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new Main(env)).setOut(out).setErr(err);
        cli.registerConverter(DatabaseTarget.class, url -> DatabaseUrl.convert(url, env));
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
