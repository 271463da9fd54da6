package dev.accountbackup.bench;

import dev.accountbackup.engine.crypto.SecretKeyring;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.masking.MaskSalt;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.masking.MaskingRules;
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.restore.Restorer;
import dev.accountbackup.engine.restore.TableRestoreResult;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.EmbeddedDatabase;
import dev.accountbackup.sample.SampleAccounts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * Measures export and restore of the sample accounts against PostgreSQL's own tools on the same
 * server in the same run: COPY ... TO STDOUT for the export, pg_restore --data-only for restores.
 */
public final class Benchmark {

    private final int users;
    private final Compression compression;
    private final Path pgBinDir;
    private final PrintWriter out;
    /** Also times a masked Replace restore (the README's staging rules) against the plain one. */
    private final boolean masked;

    public Benchmark(int users, Compression compression, Path pgBinDir, PrintWriter out) {
        this(users, compression, pgBinDir, out, false);
    }

    public Benchmark(int users, Compression compression, Path pgBinDir, PrintWriter out, boolean masked) {
        this.users = users;
        this.compression = compression;
        this.pgBinDir = pgBinDir;
        this.out = out;
        this.masked = masked;
    }

    /** The staging rules of the README's example, on the sample schema. */
    private static MaskedCopy stagingCopy() {
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("public.users.id", "hash");
        rules.put("public.user_identities.user_id", "hash");
        rules.put("public.user_profiles.user_id", "hash");
        rules.put("public.users.email", "email");
        rules.put("public.users.display_name", "name");
        rules.put("public.users.phone", "phone");
        rules.put("public.users.password_hash", Map.of("constant", "$2b$10$masked"));
        rules.put("public.user_identities.provider_uid", "hash");
        rules.put("public.user_profiles.bio", "redact");
        return new MaskedCopy(
                MaskingRules.parse(rules, null), MaskSalt.of("benchmark-salt-0123456789", "the benchmark"), null);
    }

    public void run() throws Exception {
        Path work = Files.createTempDirectory("account-backup-bench");
        try (EmbeddedDatabase server = EmbeddedDatabase.start()) {
            DatabaseTarget source = server.createDatabase("bench_source");
            out.printf(Locale.ROOT, "seeding %,d users ...%n", users);
            out.flush();
            long seedStart = System.nanoTime();
            try (Connection c = server.connect(source.database())) {
                SampleAccounts.createAndSeed(c, users);
            }
            long rows = countRows(server, source.database());
            out.printf(
                    Locale.ROOT,
                    "seeded %,d rows in %.1f s (PostgreSQL %s, %d cores, max heap %s)%n%n",
                    rows,
                    seconds(seedStart),
                    server.version(),
                    Runtime.getRuntime().availableProcessors(),
                    mib(Runtime.getRuntime().maxMemory()));

            Figures copy = measure("COPY TO STDOUT (baseline)", rows, () -> copyOutAll(source));
            long copyBytes = copy.bytes;
            FilesystemStore store = new FilesystemStore(work.resolve("backups"));
            BackupLocation location = new BackupLocation(store, "bench");
            Manifest[] manifest = new Manifest[1];
            Figures export = measure("export (JSON Lines, " + compression.jsonName() + ")", rows, () -> {
                manifest[0] = new Exporter()
                        .export(new ExportRequest(
                                source, SampleAccounts.TABLES, location, "bench", compression, Map.of()));
                return copyBytes;
            });
            out.printf(
                    Locale.ROOT,
                    "    stored %s in %d files%n",
                    mib(manifest[0].totalBytes()),
                    manifest[0].tables().size());
            ratio("export / COPY", export, copy);
            encryptedExport(source, store, rows, copyBytes);

            Optional<PgTools> tools = PgTools.find(pgBinDir);
            Path dump = work.resolve("accounts.dump");
            boolean baseline = tools.isPresent() && usable(tools.get(), server, source, dump);

            // ours, pg_restore, pg_restore, ours: whichever goes first or second in a pair, both get the same share
            List<Boolean> oursInTurn = baseline ? List.of(true, false, false, true) : List.of(true);
            List<Figures> replaces = new ArrayList<>();
            List<Figures> pgRestores = new ArrayList<>();
            DatabaseTarget lastRestored = source;
            for (boolean ours : oursInTurn) {
                DatabaseTarget empty = emptyCopy(server);
                settle(server, lastRestored);
                if (ours) {
                    replaces.add(measure(
                            "restore Replace into empty tables",
                            rows,
                            () -> counted(restore(empty, location, RestoreMode.REPLACE))));
                } else {
                    pgRestores.add(measure("pg_restore --data-only into empty tables (baseline)", rows, () -> {
                        tools.get().restoreData(server.port(), empty.database(), dump);
                        return 0;
                    }));
                }
                lastRestored = empty;
            }
            if (masked) {
                // as many masked rounds as plain ones, after them: the masked ones get no warmer a start
                List<Figures> maskedReplaces = new ArrayList<>();
                for (int i = 0; i < replaces.size(); i++) {
                    DatabaseTarget empty = emptyCopy(server);
                    settle(server, lastRestored);
                    maskedReplaces.add(measure(
                            "restore Replace into empty tables, masked",
                            rows,
                            () -> counted(restore(empty, location, RestoreMode.REPLACE, stagingCopy()))));
                    lastRestored = empty;
                }
                ratio("masked Replace / Replace (target <= 1.30)", total(maskedReplaces), total(replaces));
            }
            Figures pgRestore = pgRestores.isEmpty() ? null : total(pgRestores);
            if (pgRestore != null) {
                out.printf(
                        Locale.ROOT,
                        "    Replace / pg_restore = %.2f (ours first), %.2f (pg_restore first)%n",
                        replaces.get(0).seconds / pgRestores.get(0).seconds,
                        replaces.get(1).seconds / pgRestores.get(1).seconds);
                ratio("Replace / pg_restore, both rounds", total(replaces), pgRestore);
            }

            DatabaseTarget half = server.createDatabase("bench_half");
            try (Connection c = server.connect(half.database())) {
                SampleAccounts.createAndSeed(c, users);
                try (Statement st = c.createStatement()) {
                    st.execute("DELETE FROM users WHERE id % 2 = 0");
                }
            }
            settle(server, lastRestored, half);
            Figures insertMissing = measure(
                    "restore InsertMissing, half the users missing",
                    rows,
                    () -> counted(restore(half, location, RestoreMode.INSERT_MISSING)));
            if (pgRestore != null) {
                ratio(
                        "InsertMissing / pg_restore (mean of its runs)",
                        insertMissing,
                        new Figures(pgRestore.seconds / pgRestores.size(), 0));
            }
            if (!baseline) {
                out.println();
                out.println(
                        "pg_restore baseline skipped: "
                                + (tools.isEmpty()
                                        ? "pg_restore not found (install PostgreSQL's client tools, e.g. postgresql-client, or pass --pg-bin)"
                                        : "pg_dump failed on this server (its major version must not be older than the server's)"));
            }
        } finally {
            deleteTree(work);
        }
        out.flush();
    }

    /**
     * The same export with client-side encryption against the plain one. An encrypted and a plain
     * export warm up first and are not counted: the JVM recompiles the export's code once it has
     * seen both kinds of stream. Then encrypted, plain, plain, encrypted, so that both get the same
     * share of a warmer JVM and page cache, and the ratio is of their totals.
     */
    private void encryptedExport(DatabaseTarget source, FilesystemStore store, long rows, long copyBytes)
            throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        SecretKeyring keys = SecretKeyring.parse(
                Map.of(
                        SecretKeyring.CURRENT,
                        "bench",
                        "bench",
                        Base64.getEncoder().encodeToString(key)),
                "the benchmark's key set");
        List<Figures> encrypted = new ArrayList<>();
        List<Figures> plain = new ArrayList<>();
        int round = 0;
        int warmUps = 2;
        for (boolean encrypt : List.of(true, false, true, false, false, true)) {
            BackupLocation location = new BackupLocation(store, "bench-encryption-" + round);
            BackupLocation target = encrypt ? location.withKeyring(keys) : location;
            String name = (encrypt ? "export, encrypted (AES-256-GCM-HKDF)" : "export, not encrypted")
                    + (round < warmUps ? ", warm-up" : "");
            Figures figures = measure(name, rows, () -> {
                new Exporter()
                        .export(new ExportRequest(
                                source, SampleAccounts.TABLES, target, "bench", compression, Map.of()));
                return copyBytes;
            });
            if (round++ >= warmUps) {
                (encrypt ? encrypted : plain).add(figures);
            }
        }
        ratio("encrypted export / export, both rounds (target <= 1.10)", total(encrypted), total(plain));
    }

    private boolean usable(PgTools tools, EmbeddedDatabase server, DatabaseTarget source, Path dump)
            throws InterruptedException {
        try {
            tools.dumpData(server.port(), source.database(), SampleAccounts.TABLES, dump);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Vacuums the databases earlier phases wrote and writes their dirty buffers out before a restore
     * is timed, so that no restore pays for the autovacuum or checkpoint work of the one before it.
     */
    private static void settle(EmbeddedDatabase server, DatabaseTarget... written) {
        for (DatabaseTarget db : written) {
            server.execute(db.database(), "VACUUM (ANALYZE)");
        }
        server.execute("postgres", "CHECKPOINT");
    }

    private RestoreResult restore(DatabaseTarget target, BackupLocation location, RestoreMode mode) {
        return restore(target, location, mode, null);
    }

    private RestoreResult restore(
            DatabaseTarget target, BackupLocation location, RestoreMode mode, MaskedCopy maskedCopy) {
        return new Restorer()
                .restore(new RestoreRequest(
                        location, "bench", target, List.of(), mode, false, null, Map.of(), false, maskedCopy));
    }

    private long counted(RestoreResult result) {
        long inserted =
                result.tables().stream().mapToLong(TableRestoreResult::inserted).sum();
        out.printf(Locale.ROOT, "    inserted %,d rows%n", inserted);
        return 0;
    }

    private DatabaseTarget emptyCopy(EmbeddedDatabase server) throws SQLException {
        DatabaseTarget db = server.createDatabase("bench_target");
        try (Connection c = server.connect(db.database())) {
            SampleAccounts.createSchema(c);
        }
        return db;
    }

    private long copyOutAll(DatabaseTarget source) throws Exception {
        CountingSink sink = new CountingSink();
        try (Connection c = Connections.open(source)) {
            c.setAutoCommit(false);
            for (String table : SampleAccounts.TABLES) {
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT", sink);
            }
            c.rollback();
        }
        return sink.count;
    }

    private interface Phase {
        long run() throws Exception;
    }

    private record Figures(double seconds, long bytes) {}

    private Figures measure(String name, long rows, Phase phase) throws Exception {
        PeakMemory.reset();
        long start = System.nanoTime();
        long bytes = phase.run();
        double s = seconds(start);
        out.printf(Locale.ROOT, "%-52s %8.2f s %12s rows/s", name, s, String.format(Locale.ROOT, "%,.0f", rows / s));
        if (bytes > 0) {
            out.printf(Locale.ROOT, " %8.1f MB/s", bytes / 1e6 / s);
        }
        out.printf(
                Locale.ROOT,
                "   peak heap %s, peak RSS %s%n",
                mib(PeakMemory.heapPeak()),
                mib(PeakMemory.residentPeak()));
        out.flush();
        return new Figures(s, bytes);
    }

    private static Figures total(List<Figures> runs) {
        return new Figures(
                runs.stream().mapToDouble(Figures::seconds).sum(),
                runs.stream().mapToLong(Figures::bytes).sum());
    }

    private void ratio(String what, Figures ours, Figures baseline) {
        out.printf(Locale.ROOT, "    %s = %.2f%n", what, ours.seconds / baseline.seconds);
    }

    private static long countRows(EmbeddedDatabase server, String database) throws SQLException {
        try (Connection c = server.connect(database);
                Statement st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM user_identities) + (SELECT count(*) FROM user_profiles)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Where the baseline COPY goes: counted, then dropped, like psql writing to /dev/null. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
