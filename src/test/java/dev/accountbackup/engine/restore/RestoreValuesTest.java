package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values and table shapes that are easy to get wrong come back exactly. */
class RestoreValuesTest {

    private static final String BACKUP = "20260101T000000Z";

    private static final String SCHEMA = """
            CREATE TYPE mood AS ENUM ('calm', 'happy', 'grumpy');
            CREATE TABLE members (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                invited_by  bigint REFERENCES members (id),
                name        text NOT NULL,
                name_upper  text GENERATED ALWAYS AS (upper(name)) STORED,
                doc         jsonb,
                doc_json    json,
                tags        text[],
                grid        integer[],
                bounded     integer[],
                docs        jsonb[],
                secrets     bytea[],
                blob        bytea,
                price       numeric(10, 2),
                ratio       double precision,
                flags       boolean[],
                born        date,
                during      tstzrange,
                feeling     mood,
                spot        point,
                note        xml
            );
            CREATE TABLE memberships (
                member_id   bigint REFERENCES members (id) ON DELETE CASCADE,
                team        text,
                since       timestamptz NOT NULL,
                PRIMARY KEY (member_id, team)
            );
            CREATE TABLE tickets (
                code        text PRIMARY KEY,
                number      integer GENERATED ALWAYS AS IDENTITY,
                title       text
            );
            """;

    private static final String DATA = """
            INSERT INTO members (id, invited_by, name, doc, doc_json, tags, grid, bounded, docs, secrets, blob, price, ratio, flags, born,
                                 during, feeling, spot, note) OVERRIDING SYSTEM VALUE VALUES
              (1, NULL, 'Ann', '{"price": 1.00, "big": 1e40, "nested": {"é": ["😀", "𝄞", "say \\"hi\\"", "back\\\\slash", "tab\\t"]}}',
               '{"b": 1,   "a": [1.50, 2]}', ARRAY['a', NULL, 'b "q"', 'c\\d', 'NULL', '', 'x,y', '{}', E'new\\nline', E'tab\\there'],
               '{{1,2},{3,NULL}}', '[0:1]={7,8}', ARRAY['{"a": 1.10}'::jsonb, NULL, '"s"'::jsonb, '[1, "x"]'::jsonb],
               ARRAY['\\x00ff'::bytea, NULL, ''::bytea, '\\x5c22'::bytea],
               (SELECT decode(string_agg(lpad(to_hex(i), 2, '0'), '' ORDER BY i), 'hex') FROM generate_series(0, 255) i),
               1.00, 0.1, ARRAY[true, NULL, false], '2000-02-29', '[2026-01-01 00:00:00+00,2026-02-01 12:30:00+00)', 'happy', '(1.5,-2)',
               '<a href="x">Zoë &amp; 山田</a>'),
              (2, 3, 'Bob', '[null, {"k": null}]', '[]', '{}', '{}', NULL, '{}', '{}', '', -0.01, 'NaN', '{}', NULL, 'empty', 'calm', NULL, NULL),
              (3, 2, 'Cé', '{"deep": [[[[{"x": -1.5e-7}]]]]}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 99999999.99, '-Infinity', NULL,
               'infinity', NULL, NULL, '(0,0)', '<r/>'),
              (4, 1, E'Line1\\nLine2\\tTabbed \\\\ back', '{}', '"just a string"', ARRAY[''], '{{{1}}}', NULL, NULL, NULL, '\\x00', 0, 1e-300,
               NULL, '0001-01-01 BC', '(,)', 'grumpy', '(1e10,3)', NULL);
            SELECT setval(pg_get_serial_sequence('members', 'id'), 4);
            INSERT INTO memberships VALUES (1, 'red', '2024-01-01 10:00:00.123456+00'), (1, 'blue', '2024-02-01 00:00:00+00'),
              (2, 'red', '2024-03-01 00:00:00+00'), (4, 'Grün "team"', '1999-12-31 23:59:59.999999+00');
            INSERT INTO tickets (code, title) VALUES ('T-1', 'first'), ('T-2', 'second'), ('T-3', 'third');
            """;

    private static final List<String> TABLES = List.of("public.members", "public.memberships", "public.tickets");

    @TempDir
    Path dir;

    @Test
    void everyKindOfValueComesBackExactlyIntoEmptyTables() {
        DatabaseTarget source = database(true);
        BackupLocation location = backup(source, Compression.ZSTD);
        DatabaseTarget target = database(false);

        RestoreResult result = restore(location, target, RestoreMode.REPLACE);

        assertEquals(
                List.of(4L, 4L, 3L),
                result.tables().stream().map(TableRestoreResult::inserted).toList());
        assertSameContents(source, target);
        TestPostgres.execute(
                target, "INSERT INTO members (name) VALUES ('next'); INSERT INTO tickets (code) VALUES ('T-4')");
        assertEquals(
                "5",
                TestBackups.contents(target, "members", "id", "t.name").entrySet().stream()
                        .filter(e -> e.getValue().equals("next"))
                        .findFirst()
                        .orElseThrow()
                        .getKey());
        assertEquals(
                "4",
                TestBackups.contents(target, "tickets", "code", "t.number::text")
                        .get("T-4"));
    }

    @Test
    void everyKindOfValueExportedByTheExporterComesBackExactly() {
        DatabaseTarget source = database(true);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "exported");
        new Exporter().export(new ExportRequest(source, TABLES, location, BACKUP, Compression.ZSTD, Map.of()));
        DatabaseTarget empty = database(false);
        DatabaseTarget partial = database(true);
        TestPostgres.execute(partial, "DELETE FROM members WHERE id IN (2, 3); UPDATE tickets SET title = NULL");

        restore(location, empty, RestoreMode.REPLACE);
        restore(location, partial, RestoreMode.UPSERT);

        assertSameContents(source, empty);
        assertSameContents(source, partial);
    }

    @Test
    void everyKindOfValueComesBackExactlyThroughStagingWithGzip() {
        DatabaseTarget db = database(true);
        BackupLocation location = backup(db, Compression.GZIP);
        Map<String, String> members = TestBackups.contents(db, "members", "id");
        Map<String, String> memberships = TestBackups.contents(db, "memberships", "member_id || '/' || team");
        Map<String, String> tickets = TestBackups.contents(db, "tickets", "code");
        // 1 and 2 are gone (2 was invited by 3, who was invited by 2: both come back in one statement); the rest
        // changed
        TestPostgres.execute(db, """
                DELETE FROM members WHERE id IN (2, 3);
                UPDATE members SET invited_by = NULL WHERE id = 4;
                UPDATE members SET doc = '{"price": 1.0}', spot = '(1.5,-2.0000001)', note = '<a/>', secrets = NULL WHERE id = 1;
                UPDATE memberships SET since = now() WHERE team = 'blue';
                UPDATE tickets SET title = 'changed' WHERE code = 'T-1';
                DELETE FROM tickets WHERE code = 'T-2';
                INSERT INTO tickets (code, title) VALUES ('T-2', 'second again');""");

        RestoreResult result = restore(location, db, RestoreMode.UPSERT);

        assertEquals(
                List.of(
                        new TableRestoreResult("public.members", 2, 2, 0, 0, List.of()),
                        new TableRestoreResult("public.memberships", 1, 1, 0, 2, List.of()),
                        new TableRestoreResult("public.tickets", 0, 2, 0, 1, List.of())),
                result.tables());
        assertTrue(
                result.warnings().stream()
                        .anyMatch(w ->
                                w.contains("public.tickets") && w.contains("number") && w.contains("GENERATED ALWAYS")),
                result.warnings().toString());
        assertEquals(members, TestBackups.contents(db, "members", "id"));
        assertEquals(memberships, TestBackups.contents(db, "memberships", "member_id || '/' || team"));
        Map<String, String> ticketsNow = TestBackups.contents(db, "tickets", "code");
        assertEquals(tickets.get("T-1"), ticketsNow.get("T-1"));
        assertEquals(
                "(T-2,4,second)", ticketsNow.get("T-2"), "an existing row keeps its GENERATED ALWAYS identity value");
    }

    @Test
    void tablesAreWrittenParentsFirstWhateverTheBackupsOrder() throws SQLException {
        DatabaseTarget source = TestPostgres.newAccountsDatabase(20);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "reversed");
        TestBackups.write(
                source, location, BACKUP, List.of("public.user_profiles", "public.user_identities", "public.users"));
        DatabaseTarget target = TestPostgres.newDatabase();
        try (Connection c = TestPostgres.connect(target)) {
            SampleAccounts.createSchema(c);
        }

        RestoreResult result = restore(location, target, RestoreMode.INSERT_MISSING);

        assertEquals("public.users", result.tables().get(0).table());
        assertEquals(TestBackups.contents(source, "users", "id"), TestBackups.contents(target, "users", "id"));
        assertEquals(
                TestBackups.contents(source, "user_identities", "id"),
                TestBackups.contents(target, "user_identities", "id"));
        assertEquals(
                TestBackups.contents(source, "user_profiles", "user_id"),
                TestBackups.contents(target, "user_profiles", "user_id"));
    }

    @Test
    void tablesThatReferenceEachOtherAreRestoredWithDeferredConstraints() {
        String schema = """
                CREATE TABLE teams (id int PRIMARY KEY, name text, owner_id int);
                CREATE TABLE people (id int PRIMARY KEY, team_id int REFERENCES teams (id) DEFERRABLE);
                ALTER TABLE teams ADD FOREIGN KEY (owner_id) REFERENCES people (id) DEFERRABLE;""";
        DatabaseTarget source = TestPostgres.newDatabase();
        TestPostgres.execute(source, schema + """
                BEGIN; SET CONSTRAINTS ALL DEFERRED;
                INSERT INTO teams VALUES (1, 'red', 10), (2, 'blue', 20); INSERT INTO people VALUES (10, 1), (20, 2), (30, 1);
                COMMIT;""");
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "cycle");
        TestBackups.write(source, location, BACKUP, List.of("teams", "people"));
        DatabaseTarget target = TestPostgres.newDatabase();
        TestPostgres.execute(target, schema);

        restore(location, target, RestoreMode.REPLACE);

        assertEquals(TestBackups.contents(source, "teams", "id"), TestBackups.contents(target, "teams", "id"));
        assertEquals(TestBackups.contents(source, "people", "id"), TestBackups.contents(target, "people", "id"));
    }

    private static DatabaseTarget database(boolean withData) {
        DatabaseTarget db = TestPostgres.newDatabase();
        TestPostgres.execute(db, SCHEMA + (withData ? DATA : ""));
        return db;
    }

    private BackupLocation backup(DatabaseTarget db, Compression compression) {
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "values");
        TestBackups.write(db, location, BACKUP, TABLES, compression);
        return location;
    }

    private static RestoreResult restore(BackupLocation location, DatabaseTarget target, RestoreMode mode) {
        return new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, target, List.of(), mode)
                        .build());
    }

    private static void assertSameContents(DatabaseTarget expected, DatabaseTarget actual) {
        assertEquals(TestBackups.contents(expected, "members", "id"), TestBackups.contents(actual, "members", "id"));
        assertEquals(
                TestBackups.contents(expected, "memberships", "member_id || '/' || team"),
                TestBackups.contents(actual, "memberships", "member_id || '/' || team"));
        assertEquals(
                TestBackups.contents(expected, "tickets", "code"), TestBackups.contents(actual, "tickets", "code"));
        // the bytea with all 256 byte values, compared as bytes rather than through text
        assertEquals(
                TestBackups.contents(expected, "members", "id", "md5(t.blob)"),
                TestBackups.contents(actual, "members", "id", "md5(t.blob)"));
        assertEquals(
                "e2c865db4162bed963bfaa9ef6ac18f0",
                TestBackups.contents(actual, "members", "id", "md5(t.blob)").get("1"));
    }
}
