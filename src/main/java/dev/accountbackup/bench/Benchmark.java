package dev.accountbackup.bench;

import dev.accountbackup.engine.accounts.AccountSelection;
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
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.postgresql.PGConnection;

/**
 * Measures export and restore of the sample accounts against PostgreSQL's own tools on the same
 * server in the same run, in alternated rounds: COPY ... TO STDOUT and pg_dump -Fc --data-only for
 * the export; pg_restore --data-only into empty tables, and pg_restore (on one and two connections)
 * into a new database, beside our Replace on one connection and on two (loadParallelism 2), for the
 * restores; the peak memory of every phase.
 */
public final class Benchmark {

    private final int users;
    private final Compression compression;
    private final Path pgBinDir;
    private final PrintWriter out;
    /** Also times a masked Replace restore (the README's staging rules) against the plain one. */
    private boolean masked;

    /** Also times a masked Replace restore (the README's staging rules) against the plain one. */
    public Benchmark masked(boolean masked) {
        this.masked = masked;
        return this;
    }

    /** Times only the masked Replace against the plain one (after one export): quicker to repeat while tuning. */
    private boolean maskedOnly;

    private boolean accountsOnly;

    /** Times only InsertMissing with half the users gone and one-account restores, after one export. */
    public Benchmark accountsOnly(boolean accountsOnly) {
        this.accountsOnly = accountsOnly;
        return this;
    }

    public Benchmark maskedOnly(boolean maskedOnly) {
        this.maskedOnly = maskedOnly;
        return this;
    }

    public Benchmark(int users, Compression compression, Path pgBinDir, PrintWriter out) {
        this.users = users;
        this.compression = compression;
        this.pgBinDir = pgBinDir;
        this.out = out;
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
                    "seeded %,d rows in %.1f s (PostgreSQL %s, %d cores, max heap %s, export parallelism %d)%n%n",
                    rows,
                    seconds(seedStart),
                    server.version(),
                    Runtime.getRuntime().availableProcessors(),
                    mib(Runtime.getRuntime().maxMemory()),
                    ExportRequest.defaultParallelism());

            Optional<PgTools> tools = PgTools.find(pgBinDir);
            Path dataDump = work.resolve("accounts-data.dump");
            Path fullDump = work.resolve("accounts.dump");
            boolean baseline = tools.isPresent() && usable(tools.get(), server, source, fullDump);
            FilesystemStore store = new FilesystemStore(work.resolve("backups"));
            BackupLocation location = new BackupLocation(store, "bench");
            if (maskedOnly || accountsOnly) {
                new Exporter()
                        .export(new ExportRequest(
                                source, SampleAccounts.TABLES, location, "bench", compression, Map.of()));
                if (maskedOnly) {
                    maskedRestores(server, location, rows);
                }
                if (accountsOnly) {
                    accountRestores(server, location, rows);
                }
                out.flush();
                return;
            }

            exports(server, source, location, rows, baseline ? tools.get() : null, dataDump);
            concurrentExports(source, store, rows);
            encryptedExport(source, store, rows);
            Map<Baseline, Figures> restores =
                    restores(server, location, rows, baseline ? tools.get() : null, dataDump, fullDump);
            if (masked) {
                maskedRestores(server, location, rows);
            }

            AccountRestoreFigures accounts = accountRestores(server, location, rows);
            Figures insertMissing = accounts.insertMissing();
            Figures oneAccount = accounts.oneAccount();
            ratio(
                    "one account, its mean / whole tables (Replace into empty tables, its mean) (target <= 0.10)",
                    oneAccount,
                    restores.get(Baseline.OURS));
            if (baseline) {
                ratio(
                        "InsertMissing / the better pg_restore into a new database, its mean (target <= 1.5)",
                        insertMissing,
                        betterNewDatabaseRestore(restores));
            } else {
                out.println();
                out.println(
                        "pg_dump and pg_restore baselines skipped: "
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
     * Our export beside one COPY ... TO STDOUT stream of the same tables and beside pg_dump -Fc
     * --data-only, in two rounds of opposite order (ours, COPY, pg_dump; pg_dump, COPY, ours), so
     * that none gains from its place; ratios are of the totals.
     */
    private void exports(
            EmbeddedDatabase server,
            DatabaseTarget source,
            BackupLocation location,
            long rows,
            PgTools tools,
            Path dataDump)
            throws Exception {
        List<Figures> ours = new ArrayList<>();
        List<Figures> copies = new ArrayList<>();
        List<Figures> dumps = new ArrayList<>();
        long copyBytes = copyOutAll(source); // for MB/s: the size of the COPY text
        for (int round = 0; round < 2; round++) {
            String backupId = round == 0 ? "bench" : "bench-round-2";
            List<Timed> inTurn = new ArrayList<>();
            inTurn.add(new Timed("export (JSON Lines, " + compression.jsonName() + ")", ours, () -> {
                Manifest manifest = new Exporter()
                        .export(new ExportRequest(
                                source, SampleAccounts.TABLES, location, backupId, compression, Map.of()));
                out.printf(
                        Locale.ROOT,
                        "    stored %s in %d files%n",
                        mib(manifest.totalBytes()),
                        manifest.tables().size());
                return copyBytes;
            }));
            inTurn.add(new Timed("COPY ... TO STDOUT (baseline)", copies, () -> copyOutAll(source)));
            if (tools != null) {
                inTurn.add(new Timed("pg_dump -Fc --data-only (baseline)", dumps, () -> {
                    tools.dump(server.port(), source.database(), SampleAccounts.TABLES, true, dataDump);
                    return 0;
                }));
            }
            if (round == 1) {
                Collections.reverse(inTurn);
            }
            for (Timed phase : inTurn) {
                phase.into().add(measure(phase.name(), rows, phase.phase()));
            }
        }
        ratio("export / COPY, both rounds (target <= 1.0)", total(ours), total(copies));
        if (!dumps.isEmpty()) {
            ratio("export / pg_dump -Fc --data-only, both rounds", total(ours), total(dumps));
        }
        out.println();
    }

    /** Two exports at once, as the operator runs them with its default of two job threads: the peak memory. */
    private void concurrentExports(DatabaseTarget source, FilesystemStore store, long rows) throws Exception {
        measure("two exports at once (ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS=2)", 2 * rows, () -> {
            List<CompletableFuture<Manifest>> runs = new ArrayList<>();
            for (String id : List.of("concurrent-1", "concurrent-2")) {
                BackupLocation location = new BackupLocation(store, "bench-" + id);
                runs.add(CompletableFuture.supplyAsync(() -> new Exporter()
                        .export(new ExportRequest(
                                source, SampleAccounts.TABLES, location, id, compression, Map.of()))));
            }
            for (var run : runs) {
                run.join();
            }
            return 0;
        });
        out.println();
    }

    /** The baselines of the restores into empty tables. */
    private enum Baseline {
        OURS("restore Replace into empty tables", false, 1),
        OURS_PARALLEL(
                "restore Replace into empty tables on 2 connections (loadParallelism 2, not one transaction)",
                false,
                2),
        DATA_ONLY("pg_restore --data-only into empty tables (baseline)", true, 1),
        NEW_DATABASE("pg_restore into a new database (baseline)", false, 1),
        NEW_DATABASE_TWO_JOBS("pg_restore -j 2 into a new database (baseline)", false, 2);

        final String title;
        final boolean dataOnly;
        final int jobs;

        Baseline(String title, boolean dataOnly, int jobs) {
            this.title = title;
            this.dataOnly = dataOnly;
            this.jobs = jobs;
        }

        /** Our restore, on {@link #jobs} connections; else PostgreSQL's. */
        boolean ours() {
            return this == OURS || this == OURS_PARALLEL;
        }
    }

    /**
     * Replace into empty tables beside pg_restore three ways: rows only into tables that carry
     * their indexes (its slowest way), and tables, rows, then indexes and keys into a new database,
     * on one connection and on two. Two rounds in opposite order; each restore goes into a fresh
     * database after a checkpoint, and the database is dropped after it.
     *
     * @return the mean time of each kind
     */
    private Map<Baseline, Figures> restores(
            EmbeddedDatabase server, BackupLocation location, long rows, PgTools tools, Path dataDump, Path fullDump)
            throws Exception {
        List<Baseline> round = tools == null
                ? List.of(Baseline.OURS, Baseline.OURS_PARALLEL)
                : List.of(
                        Baseline.OURS,
                        Baseline.OURS_PARALLEL,
                        Baseline.DATA_ONLY,
                        Baseline.NEW_DATABASE,
                        Baseline.NEW_DATABASE_TWO_JOBS);
        List<Baseline> inTurn = new ArrayList<>(round);
        if (tools != null) {
            List<Baseline> second = new ArrayList<>(round);
            Collections.reverse(second);
            inTurn.addAll(second);
        }
        Map<Baseline, List<Figures>> runs = new EnumMap<>(Baseline.class);
        for (Baseline kind : inTurn) {
            DatabaseTarget target =
                    kind.ours() || kind.dataOnly ? emptyCopy(server) : server.createDatabase("bench_new");
            settle(server);
            Figures figures = measure(kind.title, rows, () -> {
                if (kind.ours()) {
                    return counted(restore(target, location, RestoreMode.REPLACE, null, kind.jobs));
                }
                tools.restore(
                        server.port(),
                        target.database(),
                        kind.dataOnly ? dataDump : fullDump,
                        kind.dataOnly,
                        kind.jobs);
                return 0;
            });
            runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(figures);
            server.execute("postgres", "DROP DATABASE " + target.database());
        }
        Map<Baseline, Figures> totals = new EnumMap<>(Baseline.class);
        runs.forEach((kind, figures) -> totals.put(kind, total(figures)));
        if (tools != null) {
            Figures ours = totals.get(Baseline.OURS);
            ratio("Replace / pg_restore --data-only, both rounds", ours, totals.get(Baseline.DATA_ONLY));
            ratio("Replace / pg_restore into a new database, both rounds", ours, totals.get(Baseline.NEW_DATABASE));
            ratio(
                    "Replace / pg_restore -j 2 into a new database, both rounds",
                    ours,
                    totals.get(Baseline.NEW_DATABASE_TWO_JOBS));
            Figures better = new Figures(
                    Math.min(
                            totals.get(Baseline.NEW_DATABASE).seconds,
                            totals.get(Baseline.NEW_DATABASE_TWO_JOBS).seconds),
                    0);
            ratio("Replace / the better of pg_restore and pg_restore -j 2 (target <= 1.0)", ours, better);
            ratio(
                    "parallel Replace (2 connections) / the better of pg_restore and pg_restore -j 2 (target <= 1.0)",
                    totals.get(Baseline.OURS_PARALLEL),
                    better);
        }
        out.println();
        Map<Baseline, Figures> means = new EnumMap<>(Baseline.class);
        runs.forEach((kind, figures) -> means.put(kind, mean(figures)));
        return means;
    }

    /** The mean time of the faster of pg_restore and pg_restore -j 2 into a new database. */
    private static Figures betterNewDatabaseRestore(Map<Baseline, Figures> means) {
        double better =
                Math.min(means.get(Baseline.NEW_DATABASE).seconds, means.get(Baseline.NEW_DATABASE_TWO_JOBS).seconds);
        return new Figures(better, 0);
    }

    /**
     * The same export with client-side encryption against the plain one. An encrypted and a plain
     * export warm up first and are not counted: the JVM recompiles the export's code once it has
     * seen both kinds of stream. Then encrypted, plain, plain, encrypted, so that both get the same
     * share of a warmer JVM and page cache, and the ratio is of their totals.
     */
    private void encryptedExport(DatabaseTarget source, FilesystemStore store, long rows) throws Exception {
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
                return 0;
            });
            if (round++ >= warmUps) {
                (encrypt ? encrypted : plain).add(figures);
            }
        }
        ratio("encrypted export / export, both rounds (target <= 1.10)", total(encrypted), total(plain));
    }

    /** Whether this pg_dump works with this server: it writes the full dump of the tables the restores use. */
    private boolean usable(PgTools tools, EmbeddedDatabase server, DatabaseTarget source, Path fullDump)
            throws InterruptedException {
        try {
            tools.dump(server.port(), source.database(), SampleAccounts.TABLES, false, fullDump);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Vacuums the databases earlier phases wrote and writes every dirty buffer out before a restore
     * is timed, so that no restore pays for the autovacuum or checkpoint work of the one before it.
     */
    private static void settle(EmbeddedDatabase server, DatabaseTarget... written) {
        for (DatabaseTarget db : written) {
            server.execute(db.database(), "VACUUM (ANALYZE)");
        }
        server.execute("postgres", "CHECKPOINT");
    }

    /**
     * One deleted account brought back by its key, twice (two accounts): the whole backup is read
     * once each time, only the account's rows are written.
     *
     * @return the mean of the two runs
     */
    private record AccountRestoreFigures(Figures insertMissing, Figures oneAccount) {}

    /** InsertMissing with half the users gone, then one account at a time, and how they compare. */
    private AccountRestoreFigures accountRestores(EmbeddedDatabase server, BackupLocation location, long rows)
            throws Exception {
        DatabaseTarget half = server.createDatabase("bench_half");
        try (Connection c = server.connect(half.database())) {
            SampleAccounts.createAndSeed(c, users);
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM users WHERE id % 2 = 0");
            }
        }
        settle(server, half);
        Figures insertMissing = measure(
                "restore InsertMissing, half the users missing",
                rows,
                () -> counted(restore(half, location, RestoreMode.INSERT_MISSING)));
        Figures oneAccount = oneAccount(server, half, location, rows);
        ratio("one account, its mean / whole tables (InsertMissing) (target <= 0.10)", oneAccount, insertMissing);
        return new AccountRestoreFigures(insertMissing, oneAccount);
    }

    private Figures oneAccount(EmbeddedDatabase server, DatabaseTarget target, BackupLocation location, long rows)
            throws Exception {
        List<Figures> runs = new ArrayList<>();
        for (long account = Math.max(1, users / 2); runs.size() < 2; account++) {
            try (Connection c = server.connect(target.database());
                    Statement st = c.createStatement()) {
                st.execute("DELETE FROM users WHERE id = " + account);
            }
            settle(server, target);
            AccountSelection selection = AccountSelection.keys("public.users", List.of(Long.toString(account)));
            runs.add(measure(
                    String.format(Locale.ROOT, "restore one account of %,d (InsertMissing)", users),
                    rows,
                    () -> counted(new Restorer()
                            .restore(new RestoreRequest(
                                    location,
                                    "bench",
                                    target,
                                    List.of(),
                                    RestoreMode.INSERT_MISSING,
                                    false,
                                    null,
                                    Map.of(),
                                    false,
                                    selection,
                                    null,
                                    null)))));
        }
        return mean(runs);
    }

    private RestoreResult restore(DatabaseTarget target, BackupLocation location, RestoreMode mode) {
        return restore(target, location, mode, null, 1);
    }

    /** @param connections the restore's load parallelism: 1 for one transaction */
    private RestoreResult restore(
            DatabaseTarget target, BackupLocation location, RestoreMode mode, MaskedCopy maskedCopy, int connections) {
        return new Restorer()
                .restore(new RestoreRequest(
                        location,
                        "bench",
                        target,
                        List.of(),
                        mode,
                        false,
                        null,
                        Map.of(),
                        false,
                        null,
                        null,
                        maskedCopy,
                        connections));
    }

    /** Plain, masked, masked, plain Replace into empty tables: both get the same share of a warmer JVM. */
    private void maskedRestores(EmbeddedDatabase server, BackupLocation location, long rows) throws Exception {
        List<Figures> plain = new ArrayList<>();
        List<Figures> maskedRuns = new ArrayList<>();
        for (boolean mask : List.of(false, true, true, false)) {
            DatabaseTarget empty = emptyCopy(server);
            settle(server);
            if (mask) {
                maskedRuns.add(measure(
                        "restore Replace into empty tables, masked",
                        rows,
                        () -> counted(restore(empty, location, RestoreMode.REPLACE, stagingCopy(), 1))));
            } else {
                plain.add(measure(
                        "restore Replace into empty tables",
                        rows,
                        () -> counted(restore(empty, location, RestoreMode.REPLACE))));
            }
        }
        ratio("masked Replace / Replace, both rounds (target <= 1.30)", total(maskedRuns), total(plain));
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

    /** A phase of a round, and where its figures go. */
    private record Timed(String name, List<Figures> into, Phase phase) {}

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

    private static Figures mean(List<Figures> runs) {
        Figures total = total(runs);
        return new Figures(total.seconds() / runs.size(), total.bytes() / runs.size());
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
