package dev.accountbackup.cli;

import dev.accountbackup.demo.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        description =
                "Plays the lost-accounts story end to end on an embedded PostgreSQL and an in-process Kubernetes API.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--storage-dir",
            paramLabel = "DIR",
            description = "where the backups go (default: a temporary directory, removed at the end)")
    Path storageDir;

    @Option(names = "--verbose", description = "show the operator's log on standard error")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        EmbeddedParts.requirePostgres("demo");
        EmbeddedParts.requireApiServer("demo");
        QuietLogs.unless(verbose);
        Path dir = storageDir != null ? storageDir.toAbsolutePath() : Files.createTempDirectory("account-backup-demo");
        try {
            return new Demo(spec.commandLine().getOut(), dir).run() ? 0 : Main.FAILED;
        } finally {
            if (storageDir == null) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
