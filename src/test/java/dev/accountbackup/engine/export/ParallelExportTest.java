package dev.accountbackup.engine.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.Restorer;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.testing.ForwardingStore;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exports read on several connections sharing one snapshot, with large tables in page ranges: every
 * row exactly once, whatever the key, one point in time while others write, one ordinary file per
 * table that the restore and the compression tools read.
 */
class ParallelExportTest {

    /** Tables from this many pages (64 KiB) are read in ranges here, so small tables make many parts. */
    private static final long SPLIT_FROM_PAGES = 8;

    private static final String KEYS_OF_SEVERAL_TYPES = """
            CREATE TABLE by_bigint (id bigint PRIMARY KEY, v text NOT NULL);
            CREATE TABLE by_text (k text PRIMARY KEY, n int);
            CREATE TABLE by_uuid (u uuid PRIMARY KEY, n int);
            CREATE TABLE by_pair (a int, b text, n numeric, PRIMARY KEY (a, b));
            CREATE TABLE no_key (n int, t text);
            """;

    @TempDir
    Path dir;

    private static Manifest export(
            DatabaseTarget db,
            BackupLocation location,
            String id,
            Compression compression,
            int parallelism,
            String... tables) {
        return new Exporter(SPLIT_FROM_PAGES)
                .export(new ExportRequest(db, List.of(tables), location, id, compression, Map.of(), parallelism));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void rangesCoverEveryRowExactlyOnceWhateverTheKey(Compression compression) throws Exception {
        DatabaseTarget db = TestPostgres.newDatabase();
        TestPostgres.execute(db, KEYS_OF_SEVERAL_TYPES + """
                INSERT INTO by_bigint SELECT i, repeat('v', i % 50) || i FROM generate_series(1, 6000) i;
                INSERT INTO by_text SELECT 'key-' || i, i FROM generate_series(1, 6000) i;
                INSERT INTO by_uuid SELECT md5(i::text)::uuid, i FROM generate_series(1, 6000) i;
                INSERT INTO by_pair SELECT i / 3, 'b' || (i % 3), i * 1.5 FROM generate_series(1, 6000) i;
                INSERT INTO no_key SELECT i % 1000, 'same rows twice' FROM generate_series(1, 6000) i;
                -- holes and moved row versions: ranges must still meet every row once
                DELETE FROM by_bigint WHERE id % 7 = 0;
                UPDATE by_bigint SET v = v || '-moved' WHERE id % 5 = 0;
                UPDATE by_text SET n = -n WHERE n % 3 = 0;
                """);
        List<String> tables = List.of("by_bigint", "by_text", "by_uuid", "by_pair", "no_key");
        try (Connection c = Connections.open(db)) {
            List<TableSchema> resolved = new TableResolver(c).resolveAll(tables);
            List<TablePart> parts = TableParts.plan(c, resolved, 4, SPLIT_FROM_PAGES);
            for (TableSchema table : resolved) {
                assertTrue(
                        parts.stream().filter(p -> p.table().equals(table)).count() > 2,
                        table.displayName() + " is read in several ranges: " + parts);
            }
        }
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        Manifest manifest = export(db, location, "b1", compression, 4, tables.toArray(String[]::new));
        assertEquals(5, manifest.tables().size(), "one file per table");

        DatabaseTarget copy = TestPostgres.newDatabase();
        TestPostgres.execute(copy, KEYS_OF_SEVERAL_TYPES);
        new Restorer()
                .restore(RestoreRequest.of(location, "b1", copy, List.of(), RestoreMode.REPLACE)
                        .build());
        for (String table : tables) {
            assertEquals(
                    TestPostgres.rowCount(db, table),
                    BackupFiles.entry(manifest, "public", table).rows(),
                    table);
            assertEquals(sortedRows(db, table), sortedRows(copy, table), table + " round trips exactly");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void rowsLongerThanABlockStayWholeBesideOtherReaders(Compression compression) throws Exception {
        DatabaseTarget db = TestPostgres.newDatabase();
        TestPostgres.execute(db, """
                CREATE TABLE documents (id int PRIMARY KEY, body text);
                ALTER TABLE documents ALTER COLUMN body SET STORAGE EXTERNAL;
                INSERT INTO documents SELECT i, md5(i::text) FROM generate_series(1, 4000) i;
                INSERT INTO documents SELECT 100000 + i, repeat(md5(i::text), 100000) FROM generate_series(1, 5) i;
                INSERT INTO documents SELECT 200000 + i, md5(i::text) FROM generate_series(1, 4000) i;
                """);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        Manifest manifest = export(db, location, "long", compression, 3, "documents");

        List<JsonNode> rows = BackupFiles.rows(location, manifest, BackupFiles.entry(manifest, "public", "documents"));
        assertEquals(8005, rows.size());
        Set<Integer> ids = new HashSet<>();
        for (JsonNode row : rows) {
            assertTrue(ids.add(row.get("id").asInt()), "each row once");
            int id = row.get("id").asInt();
            int bodyLength = row.get("body").textValue().length();
            assertEquals(id > 100000 && id < 200000 ? 3_200_000 : 32, bodyLength, "row " + id + " whole");
        }
        // the blocks of several readers make one ordinary file for the compression's own tool
        Path file = dir.resolve("set")
                .resolve("long")
                .resolve(manifest.tables().get(0).file());
        String tool = compression == Compression.ZSTD ? "zstd" : "gzip";
        try {
            Process p = new ProcessBuilder(tool, "-dc", file.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long lines;
            try (var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                lines = in.lines().count();
            }
            assertEquals(0, p.waitFor(), tool + " reads the file");
            assertEquals(8005, lines, tool + " reads every row");
        } catch (IOException notInstalled) {
            // the tool is not installed here: the Java readers above read the file
        }
    }

    @Test
    void theBackupIsOfOnePointInTimeWhileOthersWrite() throws Exception {
        DatabaseTarget db = TestPostgres.newDatabase();
        TestPostgres.execute(db, """
                CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL, note text);
                CREATE TABLE transfers (id bigint PRIMARY KEY, from_id int, to_id int);
                CREATE TABLE totals (name text PRIMARY KEY, transfers bigint NOT NULL);
                INSERT INTO accounts SELECT i, 100, repeat('n', 40) FROM generate_series(1, 20000) i;
                INSERT INTO transfers SELECT i, i, i + 1 FROM generate_series(1, 5000) i;
                INSERT INTO totals VALUES ('all', 5000);
                """);
        AtomicBoolean exportDone = new AtomicBoolean();
        AtomicInteger committed = new AtomicInteger();
        // each transaction moves money (new row versions anywhere in the table), adds a transfer and counts it
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Connection c = TestPostgres.connect(db);
                    Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                long next = 5001;
                while (!exportDone.get()) {
                    int from = ThreadLocalRandom.current().nextInt(1, 20001);
                    int to = ThreadLocalRandom.current().nextInt(1, 20001);
                    st.execute("UPDATE accounts SET balance = balance - 7 WHERE id = " + from);
                    st.execute("UPDATE accounts SET balance = balance + 7 WHERE id = " + to);
                    st.execute("INSERT INTO transfers VALUES (" + next++ + ", " + from + ", " + to + ")");
                    st.execute("UPDATE totals SET transfers = transfers + 1");
                    c.commit();
                    committed.incrementAndGet();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        while (committed.get() < 20 && !writer.isDone()) {
            Thread.sleep(5);
        }
        // the first block written waits until more transactions committed: most parts are read after them
        PausingStore store = new PausingStore(dir, () -> {
            int target = committed.get() + 50;
            while (committed.get() < target && !writer.isDone()) {
                Thread.onSpinWait();
            }
        });
        BackupLocation location = new BackupLocation(store, "set");
        Manifest manifest;
        try {
            manifest = export(db, location, "now", Compression.ZSTD, 4, "accounts", "transfers", "totals");
        } finally {
            exportDone.set(true);
        }
        writer.get(30, TimeUnit.SECONDS);
        assertTrue(store.paused.get(), "the writer committed while the export was reading");

        List<JsonNode> accounts =
                BackupFiles.rows(location, manifest, BackupFiles.entry(manifest, "public", "accounts"));
        Set<Integer> ids = new HashSet<>();
        long money = 0;
        for (JsonNode a : accounts) {
            assertTrue(ids.add(a.get("id").asInt()), "account " + a.get("id") + " once");
            money += a.get("balance").asLong();
        }
        assertEquals(20000, ids.size());
        assertEquals(2_000_000, money, "no transfer is half in the backup");
        List<JsonNode> transfers =
                BackupFiles.rows(location, manifest, BackupFiles.entry(manifest, "public", "transfers"));
        long counted = BackupFiles.rows(location, manifest, BackupFiles.entry(manifest, "public", "totals"))
                .get(0)
                .get("transfers")
                .asLong();
        assertEquals(counted, transfers.size(), "the transfers table and its count agree");
        assertTrue(
                TestPostgres.rowCount(db, "transfers") > transfers.size(),
                "transfers committed during the export are not in it");
    }

    @Test
    void aServerRefusingMoreConnectionsGetsAnExportOnFewer() throws Exception {
        DatabaseTarget admin = TestPostgres.newAccountsDatabase(300);
        String role = "one_connection_" + admin.database();
        TestPostgres.execute(
                admin,
                "CREATE ROLE " + role + " LOGIN PASSWORD 'pw-one' CONNECTION LIMIT 1;"
                        + " GRANT SELECT ON users, user_identities, user_profiles TO " + role);
        DatabaseTarget limited = new DatabaseTarget(admin.host(), admin.port(), admin.database(), role, "pw-one", null);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");

        Manifest manifest =
                export(limited, location, "one", Compression.ZSTD, 4, "users", "user_identities", "user_profiles");

        for (String table : List.of("users", "user_identities", "user_profiles")) {
            assertEquals(
                    TestPostgres.rowCount(admin, table),
                    BackupFiles.entry(manifest, "public", table).rows(),
                    table);
        }
    }

    private static List<String> sortedRows(DatabaseTarget db, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t ORDER BY 1")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** A file-system store whose first write runs {@code whilePaused} before it goes on. */
    private static final class PausingStore extends ForwardingStore {
        final AtomicBoolean paused = new AtomicBoolean();
        private final Runnable whilePaused;

        PausingStore(Path root, Runnable whilePaused) {
            super(new FilesystemStore(root));
            this.whilePaused = whilePaused;
        }

        @Override
        public StoreOutput create(String key) throws IOException {
            StoreOutput out = super.create(key);
            return new StoreOutput() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (paused.compareAndSet(false, true)) {
                        whilePaused.run();
                    }
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }

                @Override
                public void abort() {
                    out.abort();
                }
            };
        }
    }
}
