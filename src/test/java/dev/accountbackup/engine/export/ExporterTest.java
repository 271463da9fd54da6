package dev.accountbackup.engine.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.SourceInfo;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.S3Store;
import dev.accountbackup.engine.storage.StoreKind;
import dev.accountbackup.engine.verify.Verifier;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What users rely on from an export: complete, consistent, described by its manifest, and all-or-nothing. */
class ExporterTest {

    @TempDir
    Path dir;

    private static Manifest export(
            DatabaseTarget db, BackupLocation location, String backupId, Compression compression, String... tables) {
        return new Exporter().export(new ExportRequest(db, List.of(tables), location, backupId, compression, Map.of()));
    }

    private static List<List<String>> query(DatabaseTarget db, String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = Connections.open(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void exportsTheSampleAccountsCompletely() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(200);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "accounts");
        Manifest manifest =
                new Exporter().export(new ExportRequest(db, SampleAccounts.TABLES, location, null, null, null));

        assertEquals(Compression.ZSTD, manifest.compression(), "zstd when no compression is asked for");
        assertEquals(
                List.of(
                        "001-public.users.jsonl.zst",
                        "002-public.user_identities.jsonl.zst",
                        "003-public.user_profiles.jsonl.zst"),
                manifest.tables().stream().map(TableEntry::file).toList());
        for (TableEntry table : manifest.tables()) {
            long count = Long.parseLong(
                    query(db, "SELECT count(*) FROM " + table.name()).get(0).get(0));
            assertEquals(count, table.rows(), table.name());
            assertEquals(count, BackupFiles.lines(location, manifest, table).size(), table.name());
        }

        // every users row, compared value by value with what PostgreSQL holds
        List<JsonNode> users =
                byId(BackupFiles.rows(location, manifest, BackupFiles.entry(manifest, "public", "users")), "id");
        List<List<String>> expected = query(
                db,
                "SELECT id, email, display_name, array_to_json(roles)::text, settings::text, "
                        + "translate(encode(totp_secret, 'base64'), E'\\n', ''), is_active::text, email_verified::text, last_login_at::text FROM users ORDER BY id");
        assertEquals(expected.size(), users.size());
        for (int i = 0; i < users.size(); i++) {
            JsonNode u = users.get(i);
            List<String> e = expected.get(i);
            assertEquals(e.get(0), u.get("id").asText());
            assertEquals(e.get(1), u.get("email").textValue());
            assertEquals(e.get(2), u.get("display_name").textValue());
            assertEquals(BackupFiles.MAPPER.readTree(e.get(3)), u.get("roles"));
            assertEquals(BackupFiles.MAPPER.readTree(e.get(4)), u.get("settings"));
            assertEquals(
                    e.get(5),
                    u.get("totp_secret").isNull() ? null : u.get("totp_secret").textValue());
            assertEquals(e.get(6), u.get("is_active").asText());
            assertEquals(
                    e.get(7),
                    u.get("email_verified").isNull()
                            ? null
                            : u.get("email_verified").asText());
            assertEquals(
                    e.get(8),
                    u.get("last_login_at").isNull()
                            ? null
                            : u.get("last_login_at").textValue());
        }
        List<JsonNode> profiles = byId(
                BackupFiles.rows(location, manifest, BackupFiles.entry(manifest, "public", "user_profiles")),
                "user_id");
        List<List<String>> bios = query(db, "SELECT bio, address::text FROM user_profiles ORDER BY user_id");
        assertEquals(bios.size(), profiles.size());
        for (int i = 0; i < profiles.size(); i++) {
            assertEquals(
                    bios.get(i).get(0),
                    profiles.get(i).get("bio").isNull()
                            ? null
                            : profiles.get(i).get("bio").textValue());
            JsonNode address = profiles.get(i).get("address");
            // SQL NULL in a jsonb column leaves the key out
            assertEquals(
                    bios.get(i).get(1) == null
                            ? null
                            : BackupFiles.MAPPER.readTree(bios.get(i).get(1)),
                    address);
        }
    }

    /** Rows in key order: a file holds them in the table's physical order. */
    private static List<JsonNode> byId(List<JsonNode> rows, String key) {
        return rows.stream()
                .sorted(java.util.Comparator.comparingLong(r -> r.get(key).asLong()))
                .toList();
    }

    @Test
    void manifestDescribesTheStoredFilesAndIsWrittenLast() throws Exception {
        DatabaseTarget admin = TestPostgres.newAccountsDatabase(50);
        DatabaseTarget db = TestPostgres.server().createRole(admin, "manifest_reader", "s3cret-Passw0rd");
        FaultyStore store = FaultyStore.healthy(dir);
        BackupLocation location = new BackupLocation(store, "team/accounts");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("namespace", "shop");
        labels.put("accountbackup", "nightly");
        Manifest manifest = new Exporter()
                .export(new ExportRequest(
                        db, SampleAccounts.TABLES, location, "20261126T124904Z", Compression.GZIP, labels));

        assertEquals(manifest, location.readManifest("20261126T124904Z"), "the stored manifest is the one returned");
        assertEquals(List.of(manifest), location.list());
        assertEquals(Manifest.FORMAT_VERSION, manifest.formatVersion());
        assertEquals(
                new SourceInfo(
                        "127.0.0.1", db.port(), db.database(), manifest.source().serverVersion()),
                manifest.source());
        assertEquals(
                query(admin, "SHOW server_version").get(0).get(0),
                manifest.source().serverVersion());
        assertEquals(labels, manifest.labels());
        assertFalse(manifest.startedAt().isAfter(manifest.completedAt()));
        String manifestText = new String(
                location.store()
                        .open(location.key(manifest.backupId(), Manifest.FILE_NAME))
                        .readAllBytes(),
                StandardCharsets.UTF_8);
        assertFalse(manifestText.contains("s3cret-Passw0rd"));
        assertFalse(manifestText.contains("manifest_reader"), "not even the user name is recorded");

        for (TableEntry table : manifest.tables()) {
            byte[] stored = BackupFiles.stored(location, manifest, table);
            assertEquals(stored.length, table.bytes(), table.file());
            assertEquals(
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(stored)),
                    table.sha256(),
                    table.file());
            assertEquals(
                    location.key(manifest.backupId(), table.file()), "team/accounts/20261126T124904Z/" + table.file());
            assertTrue(table.file().endsWith(".jsonl.gz"));
        }
        TableEntry users = BackupFiles.entry(manifest, "public", "users");
        assertEquals(List.of("id"), users.primaryKey());
        assertEquals("id", users.columns().get(0).name());
        assertEquals("bigint", users.columns().get(0).type());
        assertFalse(users.columns().get(0).nullable());
        assertEquals(
                "text[]",
                users.columns().stream()
                        .filter(c -> c.name().equals("roles"))
                        .findFirst()
                        .orElseThrow()
                        .type());
        assertTrue(users.columns().stream()
                .filter(c -> c.name().equals("last_login_at"))
                .findFirst()
                .orElseThrow()
                .nullable());
        assertEquals(
                List.of("user_id"),
                BackupFiles.entry(manifest, "public", "user_profiles").primaryKey());

        new Verifier().verify(location, manifest.backupId()).requireOk();

        // the manifest is committed only after every table file
        assertEquals(4, store.committed.size());
        assertTrue(store.committed.get(3).endsWith("/" + Manifest.FILE_NAME), store.committed.toString());
    }

    @Test
    void exportsToS3AsToADirectory() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(100);
        // hex digests compress poorly: the table file takes several multipart-upload parts
        TestPostgres.execute(
                db,
                "CREATE TABLE digests AS SELECT i AS id, md5(i::text) || md5((-i)::text) AS h FROM generate_series(1, 300000) i");
        try (BackupStore store = StoreKind.S3.open(dir)) {
            BackupLocation location = new BackupLocation(store, "accounts");
            Manifest manifest = export(db, location, "s3-backup", Compression.ZSTD, "users", "digests");
            new Verifier().verify(location, "latest").requireOk();
            TableEntry digests = BackupFiles.entry(manifest, "public", "digests");
            assertTrue(digests.bytes() > 2L * S3Store.MIN_PART_SIZE, "several parts: " + digests.bytes());
            List<JsonNode> rows = BackupFiles.rows(location, manifest, digests);
            assertEquals(300000, rows.size());
            List<List<String>> sample =
                    query(db, "SELECT id, h FROM digests WHERE id IN (1, 150000, 300000) ORDER BY id");
            // ranges of a large table are read at once: rows need not be in table order
            Map<String, JsonNode> byId = new HashMap<>();
            rows.forEach(r -> byId.put(r.get("id").asText(), r));
            assertEquals(300000, byId.size());
            for (List<String> row : sample) {
                JsonNode exported = byId.get(row.get(0));
                assertEquals(row.get(1), exported.get("h").textValue());
            }
            assertEquals(
                    100,
                    BackupFiles.rows(location, manifest, BackupFiles.entry(manifest, "public", "users"))
                            .size());
        }
    }

    @Test
    void allTablesAreReadAtOnePointInTime() throws Exception {
        DatabaseTarget db = TestPostgres.newDatabase();
        TestPostgres.execute(db, """
                CREATE TABLE first_table (id int PRIMARY KEY, v text);
                CREATE TABLE second_table (id int PRIMARY KEY, v text);
                INSERT INTO first_table SELECT i, 'a' || i FROM generate_series(1, 100) i;
                INSERT INTO second_table SELECT i, 'b' || i FROM generate_series(1, 100) i;
                """);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        try (Connection writer = TestPostgres.connect(db)) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                // the export waits for this lock (measuring or reading first_table); it reads second_table
                // only after the changes below were committed, so only the export's snapshot hides them
                st.execute("LOCK TABLE first_table IN ACCESS EXCLUSIVE MODE");
                st.execute("DELETE FROM second_table WHERE id <= 50");
                st.execute("INSERT INTO second_table VALUES (1000, 'late')");
            }
            CompletableFuture<Manifest> export = CompletableFuture.supplyAsync(
                    () -> export(db, location, "snap", Compression.ZSTD, "first_table", "second_table"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !query(
                                    db,
                                    "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name = 'account-backup-operator'")
                            .isEmpty());
            writer.commit();
            Manifest manifest = export.get(60, TimeUnit.SECONDS);
            List<JsonNode> second =
                    BackupFiles.rows(location, manifest, BackupFiles.entry(manifest, "public", "second_table"));
            assertEquals(100, second.size(), "changes committed after the export began are not in it");
            for (int i = 0; i < 100; i++) {
                assertEquals(i + 1, second.get(i).get("id").asInt());
                assertEquals("b" + (i + 1), second.get(i).get("v").textValue());
            }
            assertEquals(
                    100, BackupFiles.entry(manifest, "public", "first_table").rows());
        }
        assertEquals("51", query(db, "SELECT count(*) FROM second_table").get(0).get(0), "the changes were committed");
    }

    @Test
    void unknownTablesAreRejectedBeforeAnythingIsWritten() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(10);
        TestPostgres.execute(db, "CREATE TABLE x (id int)");
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        BackupException e = assertThrows(
                BackupException.class,
                () -> export(db, location, "b1", Compression.ZSTD, "users", "no_such_table", "users; DROP TABLE x"));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(
                e.getMessage().contains("no_such_table") && e.getMessage().contains("users; DROP TABLE x"),
                e.getMessage());
        assertEquals(List.of(), filesUnder(dir));
        assertEquals(List.of(List.of("0")), query(db, "SELECT count(*) FROM x"), "the name was never run as SQL");
    }

    @Test
    void aStorageFailureHalfWayLeavesNoFilesAndNoManifest() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(300);
        FaultyStore store = FaultyStore.failingWrites(dir, key -> key.contains("user_profiles"), 100);
        BackupLocation location = new BackupLocation(store, "set");
        // one reader, so that the tables are written in their order: with two, the others' progress is a race
        BackupException e = assertThrows(
                BackupException.class,
                () -> new Exporter()
                        .export(new ExportRequest(
                                db, SampleAccounts.TABLES, location, "b1", Compression.GZIP, Map.of(), 1)));
        assertEquals(Kind.STORAGE, e.kind());
        assertTrue(
                e.getMessage().contains("user_profiles") && e.getMessage().contains("simulated storage failure"),
                e.getMessage());
        assertEquals(2, store.committed.size(), "the first two tables were stored before the failure");
        assertEquals(List.of(), location.files("b1"));
        assertEquals(List.of(), filesUnder(dir), "no file, not even a temporary one, remains");
        assertEquals(List.of(), location.list());
    }

    @Test
    void aFailedManifestWriteLeavesNothing() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(20);
        FaultyStore store = FaultyStore.failingWrites(dir, key -> key.endsWith(Manifest.FILE_NAME), 0);
        BackupLocation location = new BackupLocation(store, "set");
        BackupException e = assertThrows(
                BackupException.class,
                () -> export(db, location, "b1", Compression.ZSTD, SampleAccounts.TABLES.toArray(String[]::new)));
        assertEquals(Kind.STORAGE, e.kind());
        assertEquals(3, store.committed.size());
        assertEquals(List.of(), filesUnder(dir));
    }

    @Test
    void anExistingBackupIdIsNeverOverwrittenNorRemoved() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(20);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        Manifest first = export(db, location, "b1", Compression.ZSTD, "users");
        byte[] before = BackupFiles.stored(location, first, first.tables().get(0));
        BackupException e =
                assertThrows(BackupException.class, () -> export(db, location, "b1", Compression.ZSTD, "users"));
        assertEquals(Kind.INVALID, e.kind());
        assertEquals(
                "backup id b1 already exists at " + location.uri("b1")
                        + ": choose another backup id or delete that backup first",
                e.getMessage());
        assertEquals(first, location.readManifest("b1"));
        assertTrue(java.util.Arrays.equals(
                before, BackupFiles.stored(location, first, first.tables().get(0))));

        for (String bad : List.of("../escape", "a/b", ".hidden", "x".repeat(200))) {
            BackupException invalid =
                    assertThrows(BackupException.class, () -> export(db, location, bad, Compression.ZSTD, "users"));
            assertEquals(Kind.INVALID, invalid.kind(), bad);
        }
        assertEquals(2, filesUnder(dir).size(), "only the first backup's table file and manifest");
    }

    @Test
    void oddTableAndColumnNamesExportCorrectly() throws Exception {
        DatabaseTarget db = TestPostgres.newDatabase();
        TestPostgres.execute(db, """
                CREATE SCHEMA "Odd Table";
                CREATE TABLE "Odd Table"."Users.2024" (id int PRIMARY KEY, "Mixed Col" text, "quote""col" text, "ünï" int);
                INSERT INTO "Odd Table"."Users.2024" VALUES (1, 'a', 'b', 3), (2, NULL, 'x"y', NULL);
                CREATE TABLE "we""ird" (id int);
                INSERT INTO "we""ird" VALUES (7);
                CREATE TABLE "CamelCase" (id int);
                INSERT INTO "CamelCase" VALUES (8);
                """);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        Manifest manifest = export(
                db, location, "odd", Compression.ZSTD, "\"Odd Table\".\"Users.2024\"", "\"we\"\"ird\"", "CamelCase");
        assertEquals(
                List.of(
                        "001-Odd_Table.Users.2024.jsonl.zst",
                        "002-public.we_ird.jsonl.zst",
                        "003-public.CamelCase.jsonl.zst"),
                manifest.tables().stream().map(TableEntry::file).toList());
        TableEntry odd = BackupFiles.entry(manifest, "Odd Table", "Users.2024");
        assertEquals(
                List.of(
                        "{\"id\":1,\"Mixed Col\":\"a\",\"quote\\\"col\":\"b\",\"ünï\":3}",
                        "{\"id\":2,\"Mixed Col\":null,\"quote\\\"col\":\"x\\\"y\",\"ünï\":null}"),
                BackupFiles.lines(location, manifest, odd));
        assertEquals(
                List.of("{\"id\":7}"),
                BackupFiles.lines(location, manifest, BackupFiles.entry(manifest, "public", "we\"ird")));
        assertEquals(
                List.of("{\"id\":8}"),
                BackupFiles.lines(location, manifest, BackupFiles.entry(manifest, "public", "CamelCase")));
    }

    @Test
    void bothCompressionsAreReadableByTheStandardTools() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(100);
        TestPostgres.execute(db, "CREATE TABLE empty_table (id int)");
        for (Compression compression : Compression.values()) {
            BackupLocation location = new BackupLocation(new FilesystemStore(dir), compression.name());
            Manifest manifest = export(db, location, "b1", compression, "users", "empty_table");
            TableEntry users = BackupFiles.entry(manifest, "public", "users");
            List<String> lines = BackupFiles.lines(location, manifest, users);
            assertEquals(100, lines.size());
            Path file = dir.resolve(compression.name()).resolve("b1").resolve(users.file());
            String tool = compression == Compression.ZSTD ? "zstd" : "gzip";
            byte[] viaTool = run(tool, "-dc", file.toString());
            if (viaTool != null) {
                assertEquals(
                        String.join("\n", lines) + "\n",
                        new String(viaTool, StandardCharsets.UTF_8),
                        tool + " reads what the export wrote");
            }
            TableEntry empty = BackupFiles.entry(manifest, "public", "empty_table");
            assertEquals(0, empty.rows());
            assertEquals(List.of(), BackupFiles.lines(location, manifest, empty));
        }
    }

    /** Output of a command-line tool, or null when the tool is not installed. */
    private static byte[] run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException notInstalled) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(out);
        }
        assertEquals(0, process.waitFor(), String.join(" ", command));
        return out.toByteArray();
    }

    @Test
    void interruptionStopsTheExportAndCleansUp() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(2000);
        FaultyStore store = FaultyStore.blockingWrites(dir);
        BackupLocation location = new BackupLocation(store, "set");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread exporter = new Thread(() -> {
            try {
                export(db, location, "b1", Compression.ZSTD, SampleAccounts.TABLES.toArray(String[]::new));
            } catch (Throwable t) {
                failure.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        exporter.start();
        assertTrue(store.writeBlocked.await(60, TimeUnit.SECONDS), "the export reached storage");
        exporter.interrupt();
        exporter.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(exporter.isAlive(), "the export stopped promptly");
        BackupException e = (BackupException) failure.get();
        assertNotNull(e);
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertTrue(stillInterrupted.get(), "the interrupt is not swallowed");
        assertEquals(List.of(), filesUnder(dir));
        Awaitility.await("the COPY was stopped on the server")
                .atMost(Duration.ofSeconds(10))
                .until(() -> query(
                                db,
                                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY%' AND state = 'active'")
                        .isEmpty());
    }

    @Test
    void exportTablesWorksInsideTheCallersTransaction() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(30);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "safety");
        try (Connection c = Connections.open(db)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE");
                st.execute("UPDATE users SET display_name = 'seen inside' WHERE id = 1");
            }
            List<TableSchema> tables = new TableResolver(c).resolveAll(List.of("users"));
            SourceInfo source = new SourceInfo("db.internal", 5432, "accounts", "17");
            Manifest manifest =
                    new Exporter().exportTables(c, source, tables, location, "safety-1", null, Map.of("restore", "r1"));
            assertEquals(source, manifest.source());
            assertEquals(Map.of("restore", "r1"), manifest.labels());
            JsonNode first = byId(
                            BackupFiles.rows(
                                    location, manifest, manifest.tables().get(0)),
                            "id")
                    .get(0);
            assertEquals(
                    "seen inside", first.get("display_name").textValue(), "reads through the caller's transaction");
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM users")) {
                rs.next();
                assertEquals(30, rs.getInt(1), "the connection is still usable in the same transaction");
            }
            c.rollback();
        }
    }

    @Test
    void aFailureInsideTheCallersTransactionLeavesTheConnectionUsable() throws Exception {
        DatabaseTarget db = TestPostgres.newDatabase();
        TestPostgres.execute(
                db, "CREATE TABLE big AS SELECT i AS id, md5(i::text) AS h FROM generate_series(1, 200000) i");
        FaultyStore store = FaultyStore.failingWrites(dir, key -> true, 1000);
        BackupLocation location = new BackupLocation(store, "safety");
        try (Connection c = Connections.open(db)) {
            c.setAutoCommit(false);
            List<TableSchema> tables = new TableResolver(c).resolveAll(List.of("big"));
            BackupException e = assertThrows(
                    BackupException.class,
                    () -> new Exporter()
                            .exportTables(
                                    c,
                                    new SourceInfo("h", 5432, "d", "17"),
                                    tables,
                                    location,
                                    "safety-1",
                                    Compression.GZIP,
                                    null));
            assertEquals(Kind.STORAGE, e.kind());
            c.rollback();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM big")) {
                rs.next();
                assertEquals(200000, rs.getInt(1));
            }
        }
        assertEquals(List.of(), filesUnder(dir));
    }

    @Test
    void aConnectionWithOtherValueFormatsIsRefused() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(5);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        try (Connection plain = TestPostgres.connect(db);
                Statement st = plain.createStatement()) {
            st.execute("SET IntervalStyle = 'sql_standard'");
            List<TableSchema> tables = new TableResolver(plain).resolveAll(List.of("users"));
            BackupException e = assertThrows(
                    BackupException.class,
                    () -> new Exporter()
                            .exportTables(
                                    plain, new SourceInfo("h", 5432, "d", "15"), tables, location, "b1", null, null));
            assertEquals(Kind.INTERNAL, e.kind());
            assertTrue(
                    e.getMessage().contains("Connections.open")
                            && e.getMessage().contains("sql_standard"),
                    e.getMessage());
        }
        assertEquals(List.of(), filesUnder(dir));
    }

    @Test
    void aDatabaseWithoutAnEncodingIsRefused() throws Exception {
        DatabaseTarget utf8 = TestPostgres.newDatabase();
        String name = utf8.database() + "_ascii";
        TestPostgres.server()
                .execute(
                        "postgres",
                        "CREATE DATABASE " + name
                                + " ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        DatabaseTarget ascii = new DatabaseTarget(utf8.host(), utf8.port(), name, utf8.user(), null, null);
        TestPostgres.execute(
                ascii, "CREATE TABLE t (v text); INSERT INTO t VALUES (convert_from('\\xe9'::bytea, 'SQL_ASCII'))");
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        BackupException e =
                assertThrows(BackupException.class, () -> export(ascii, location, "b1", Compression.ZSTD, "t"));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("SQL_ASCII"), e.getMessage());
        assertEquals(List.of(), filesUnder(dir));
    }

    @Test
    void aTableTheUserMayNotReadIsAClearError() throws Exception {
        DatabaseTarget admin = TestPostgres.newAccountsDatabase(5);
        String role = "limited_" + admin.database();
        TestPostgres.execute(
                admin, "CREATE ROLE " + role + " LOGIN PASSWORD 'pw-limited'; GRANT SELECT ON users TO " + role);
        DatabaseTarget limited =
                new DatabaseTarget(admin.host(), admin.port(), admin.database(), role, "pw-limited", null);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        BackupException e = assertThrows(
                BackupException.class,
                () -> export(limited, location, "b1", Compression.ZSTD, "users", "user_profiles"));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(
                e.getMessage().contains("public.user_profiles")
                        && e.getMessage().contains("42501")
                        && e.getMessage().contains("grant"),
                e.getMessage());
        assertEquals(List.of(), filesUnder(dir));
    }
}
