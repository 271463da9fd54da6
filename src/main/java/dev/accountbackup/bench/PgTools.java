package dev.accountbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** PostgreSQL's own pg_dump and pg_restore, the baseline the benchmark compares against. */
final class PgTools {

    private final Path binDir;

    private PgTools(Path binDir) {
        this.binDir = binDir;
    }

    /** The tools in {@code binDir}, or on the PATH when it is null; empty when pg_restore is not found. */
    static Optional<PgTools> find(Path binDir) {
        if (binDir != null) {
            return Files.isExecutable(binDir.resolve("pg_restore"))
                    ? Optional.of(new PgTools(binDir))
                    : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pg_restore"))) {
                return Optional.of(new PgTools(Path.of(dir)));
            }
        }
        return Optional.empty();
    }

    void dumpData(int port, String database, List<String> tables, Path file) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                tool("pg_dump"),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "--data-only",
                "-Fc",
                "-f",
                file.toString()));
        for (String t : tables) {
            cmd.add("-t");
            cmd.add(t);
        }
        cmd.add(database);
        run(cmd);
    }

    void restoreData(int port, String database, Path file) throws IOException, InterruptedException {
        run(List.of(
                tool("pg_restore"),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "--data-only",
                "--exit-on-error",
                "-d",
                database,
                file.toString()));
    }

    private String tool(String name) {
        return binDir.resolve(name).toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(Path.of(command.get(0)).getFileName() + " failed: " + out.strip());
        }
        return out;
    }
}
