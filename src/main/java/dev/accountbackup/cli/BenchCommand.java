package dev.accountbackup.cli;

import dev.accountbackup.bench.Benchmark;
import dev.accountbackup.engine.manifest.Compression;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        description =
                "Measures export and restore of N sample accounts against COPY and pg_restore on an embedded PostgreSQL.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--users",
            defaultValue = "100000",
            description = "number of sample users (about 3.3 rows each; default: ${DEFAULT-VALUE})")
    int users;

    @Option(
            names = "--compression",
            defaultValue = "zstd",
            paramLabel = "zstd|gzip",
            description = "file compression (default: zstd)")
    String compression;

    @Option(
            names = "--pg-bin",
            paramLabel = "DIR",
            description =
                    "directory of PostgreSQL's pg_dump and pg_restore for the baseline (default: found on the PATH)")
    Path pgBin;

    @Option(
            names = "--masked",
            description = "also time a masked Replace restore (the README's staging rules) against the plain one")
    boolean masked;

    @Option(
            names = "--masked-only",
            description = "time only the masked Replace restore against the plain one (after one export)")
    boolean maskedOnly;

    @Option(
            names = "--accounts-only",
            description =
                    "time only InsertMissing with half the users gone and one-account restores (after one export)")
    boolean accountsOnly;

    @Option(names = "--verbose", description = "show the log on standard error")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        EmbeddedParts.requirePostgres("bench");
        QuietLogs.unless(verbose);
        new Benchmark(
                        users,
                        Compression.fromJson(compression),
                        pgBin,
                        spec.commandLine().getOut())
                .masked(masked)
                .maskedOnly(maskedOnly)
                .accountsOnly(accountsOnly)
                .run();
        return 0;
    }
}
