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

    /** {@code pg_dump -Fc} of {@code tables}: their rows only, or their definitions (indexes, keys) too. */
    void dump(int port, String database, List<String> tables, boolean dataOnly, Path file)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(connection(tool("pg_dump"), port));
        if (dataOnly) {
            cmd.add("--data-only");
        }
        cmd.addAll(List.of("-Fc", "-f", file.toString()));
        for (String t : tables) {
            cmd.add("-t");
            cmd.add(t);
        }
        cmd.add(database);
        run(cmd);
    }

    /**
     * {@code pg_restore} of a dump: with {@code dataOnly}, rows into tables that exist with their
     * indexes; otherwise tables, rows, then indexes and foreign keys, into a new database, on
     * {@code jobs} connections.
     */
    void restore(int port, String database, Path file, boolean dataOnly, int jobs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(connection(tool("pg_restore"), port));
        if (dataOnly) {
            cmd.add("--data-only");
        }
        if (jobs > 1) {
            cmd.addAll(List.of("-j", Integer.toString(jobs)));
        }
        cmd.addAll(List.of("--exit-on-error", "-d", database, file.toString()));
        run(cmd);
    }

    private static List<String> connection(String tool, int port) {
        return List.of(tool, "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres");
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
