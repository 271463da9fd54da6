package dev.accountbackup.cli;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.restore.Restorer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "repair",
        description = "Puts back the tables of a parallel restore (--load-parallelism) that was stopped before it"
                + " finished: empties them and recreates every index and constraint it had dropped. Any restore"
                + " into the database does this first.")
final class RepairCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--database",
            required = true,
            paramLabel = "postgresql://USER@HOST:PORT/DB",
            description = "the database the restore was loading; the password comes from PGPASSWORD or ~/.pgpass")
    DatabaseTarget database;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> repaired = new Restorer().repairInterruptedLoads(database);
        if (repaired.isEmpty()) {
            out.println(
                    "no parallel restore to put back: every one finished, put its tables back, or is still running");
        }
        for (String backupId : repaired) {
            out.printf(
                    "put back the tables of the parallel restore of backup %s: emptied, every index and constraint recreated%n",
                    backupId);
        }
        return 0;
    }
}
