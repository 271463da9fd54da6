package dev.accountbackup.cli;

import dev.accountbackup.bench.FleetBenchmark;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bench-fleet",
        description = "Measures the operator with a fleet of scheduled AccountBackups all due at the same minute"
                + " (the thundering herd) and its memory with many resources present, on an in-process API server and"
                + " an embedded PostgreSQL.")
final class FleetBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--backups",
            defaultValue = "1000",
            description = "AccountBackups in the herd (default: ${DEFAULT-VALUE})")
    int backups;

    @Option(
            names = "--namespaces",
            defaultValue = "100",
            description = "namespaces they are spread over (default: ${DEFAULT-VALUE})")
    int namespaces;

    @Option(names = "--cap", defaultValue = "50", description = "runs at once in the herd (default: ${DEFAULT-VALUE})")
    int cap;

    @Option(
            names = "--per-namespace",
            defaultValue = "5",
            description = "runs at once of one namespace in the herd (default: ${DEFAULT-VALUE})")
    int perNamespace;

    @Option(
            names = "--threads",
            defaultValue = "2",
            description = "runs at once in the second herd, the in-process default (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--present",
            defaultValue = "5000",
            description = "AccountBackups, and as many AccountRestores, present for the memory figure; 0 skips it"
                    + " (default: ${DEFAULT-VALUE})")
    int present;

    @Option(
            names = "--hold",
            defaultValue = "0",
            paramLabel = "SECONDS",
            description = "seconds each export of the first herd is held after its work, standing in for bigger tables"
                    + " or a Kubernetes Job's start-up (default: ${DEFAULT-VALUE})")
    double holdSeconds;

    @Option(
            names = "--executor",
            defaultValue = "in-process",
            paramLabel = "in-process|jobs",
            description = "how the first herd's runs execute: on the operator's threads, or as Kubernetes Jobs run by a"
                    + " stand-in kubelet in this process, with S3 storage served in this process (default:"
                    + " ${DEFAULT-VALUE})")
    String executor;

    @Option(
            names = "--run-time",
            defaultValue = "2",
            paramLabel = "SECONDS",
            description = "with --executor jobs: seconds each Job's pod takes before its command runs, standing in for"
                    + " a pod's start-up and a bigger table (default: ${DEFAULT-VALUE})")
    double runTimeSeconds;

    @Option(
            names = "--operator-process",
            description = "for the memory figure with --present resources, run the operator as a JVM of its own with"
                    + " its Deployment's memory settings (-XX:MaxRAM=768m -XX:MaxRAMPercentage=75, one processor as its CPU limit gives) against this"
                    + " process's API server, and print its resident set")
    boolean operatorProcess;

    @Option(names = "--verbose", description = "show the log on standard error")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!"in-process".equals(executor) && !"jobs".equals(executor)) {
            spec.commandLine().getErr().println("--executor: in-process or jobs");
            return 2;
        }
        if (backups < 1
                || namespaces < 1
                || namespaces > backups
                || cap < 1
                || perNamespace < 1
                || threads < 1
                || present < 0
                || holdSeconds < 0
                || runTimeSeconds < 0) {
            spec.commandLine()
                    .getErr()
                    .println("--backups, --namespaces (at most --backups), --cap, --per-namespace and --threads must be"
                            + " at least 1, --present, --hold and --run-time at least 0");
            return 2;
        }
        EmbeddedParts.requirePostgres("bench-fleet");
        EmbeddedParts.requireApiServer("bench-fleet");
        QuietLogs.unless(verbose);
        new FleetBenchmark(
                        new FleetBenchmark.Plan(
                                backups,
                                namespaces,
                                cap,
                                perNamespace,
                                threads,
                                present,
                                Duration.ofMillis(Math.round(holdSeconds * 1000)),
                                "jobs".equals(executor)
                                        ? FleetBenchmark.Executor.JOBS
                                        : FleetBenchmark.Executor.IN_PROCESS,
                                Duration.ofMillis(Math.round(runTimeSeconds * 1000)),
                                operatorProcess),
                        spec.commandLine().getOut(),
                        Main::run)
                .run();
        return 0;
    }
}
