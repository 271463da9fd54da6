package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A Replace into an empty table, on one connection (one transaction) or on two (the parallel load), sends the rows in
 * binary COPY format when every column's type allows it, and the table ends up exactly as the source; a value the
 * binary format cannot carry exactly makes the table load again in text, with the right values and no row twice; a
 * broken row fails as it does in text, and nothing is changed.
 */
class BinaryCopyRestoreTest {

    private static final String BACKUP = "b1";

    private static final String SCHEMA = """
            CREATE TABLE things (
                id bigint PRIMARY KEY, small int2, normal int4 NOT NULL DEFAULT 0, flag bool, note text,
                name varchar(20), code char(5), public_id uuid, at timestamptz, local_at timestamp, born date,
                doc jsonb, raw json, blob bytea, tags text[], labels varchar(10)[], counts int4[], bigs int8[]);
            """;

    /** Edge values of every type, then many plain rows, so that the load sends rows before a late value falls back. */
    private static final String ROWS = """
            INSERT INTO things VALUES
            (1, -32768, -2147483648, true, '', '', 'ab', '0ab16ebe-6f17-a01d-d1d2-33fb074654f1',
             '2016-04-11 22:43:41.720166+00', '2016-04-11 22:43:41.720166', '2000-01-01',
             '{"a": 1.10, "b": [1e400, -0, 2.50E+3], "c": "\\\\ \\t"}', '{"k": 1.10, "k": 2}', '', '{}', '{}', '{}', '{}'),
            (2, 32767, 2147483647, false, E'tab\\there\\nnew\\\\back "q"', 'é😀山𝄞', 'abcde', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
             '1999-12-31 23:59:59+00', '0001-01-01 00:00:00', '1969-07-20', '"s"', '[1, 2]', '\\x0001fdfeff',
             ARRAY['a', NULL, 'NULL', 'b,c', '"q"', '{x}', ''], ARRAY[NULL]::varchar[], ARRAY[1, NULL, -2147483648],
             ARRAY[9223372036854775807, -9223372036854775808]),
            (3, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (4, 1, 1, true, E'\\\\N', 'x', 'x', '00000000-0000-0000-0000-000000000000', 'infinity', '-infinity',
             'infinity', 'null', '"x"', '\\x', ARRAY['x'], ARRAY['y'], ARRAY[0], ARRAY[]::int8[]),
            (5, 2, 2, false, 'x', 'y', 'z', '0ab16ebe-6f17-a01d-d1d2-33fb074654f1', '2024-02-29 12:00:00.5+00',
             '9999-12-31 23:59:59.999999', '-infinity', '[]', '{}', '\\xdeadbeef', '{}', '{}', '{}', '{}');
            INSERT INTO things (id, note, at, tags) SELECT g, 'note ' || g, timestamptz '2020-01-01' + g * interval '1 second',
                ARRAY['user'] FROM generate_series(100, 2099) g;
            """;

    @TempDir
    Path dir;

    private DatabaseTarget source;
    private DatabaseTarget target;
    private BackupLocation location;
    private Manifest manifest;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger loaderLog = (Logger) LoggerFactory.getLogger(TableLoader.class);

    @BeforeEach
    void backUpAndCreateAnEmptyTarget() {
        source = TestPostgres.newDatabase();
        TestPostgres.execute(source, SCHEMA + ROWS);
        target = TestPostgres.newDatabase();
        TestPostgres.execute(target, SCHEMA);
        location = new BackupLocation(new FilesystemStore(dir), "things");
        logs.start();
        loaderLog.addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        loaderLog.detachAppender(logs);
    }

    @ParameterizedTest(name = "on {0} connection(s)")
    @ValueSource(ints = {1, 2})
    void everyTypeLoadsInBinaryFormatExactly(int connections) {
        manifest = TestBackups.write(source, location, BACKUP, List.of("public.things"));

        restore(connections);

        assertEquals(contents(source), contents(target));
        assertEquals(List.of("table public.things: 2005 rows loaded in binary COPY format"), loaderLines());
    }

    @ParameterizedTest(name = "on {0} connection(s)")
    @ValueSource(ints = {1, 2})
    void aValueBinaryCannotCarryLoadsTheTableAgainInTextWithTheRightValues(int connections) {
        // a BC date, as exports write it, near the end of the file
        TestPostgres.execute(source, "UPDATE things SET born = '0044-03-15 BC' WHERE id = 2000");
        manifest = TestBackups.write(source, location, BACKUP, List.of("public.things"));

        restore(connections);

        assertEquals(contents(source), contents(target), "no row twice, none lost");
        assertEquals(
                List.of("table public.things: row 1906, column born: the date is not in the form the export writes;"
                        + " loading it in COPY text instead"),
                loaderLines());
    }

    @ParameterizedTest(name = "on {0} connection(s)")
    @ValueSource(ints = {1, 2})
    void unusualFormsThatExportsDoNotWriteStillRestoreToTheRightValues(int connections) throws IOException {
        manifest = TestBackups.write(source, location, BACKUP, List.of("public.things"));
        String lines = plainRows(1000)
                + "{\"id\":1,\"normal\":0,\"public_id\":\"{0ab16ebe-6f17-a01d-d1d2-33fb074654f1}\",\"at\":\"2020-01-01T10:00:00+05:30\"}\n";
        forge(lines, 1001);

        restore(connections);

        assertEquals(1001, TestPostgres.rowCount(target, "public.things"));
        assertEquals(
                "0ab16ebe-6f17-a01d-d1d2-33fb074654f1|t",
                TestPostgres.contents(
                                target,
                                "public.things",
                                "id",
                                "t.public_id::text || '|' || (t.at = timestamptz '2020-01-01 04:30:00+00')::text")
                        .get("1")
                        .replace("true", "t"));
        assertTrue(
                loaderLines().get(0).contains("row 1001, column public_id"),
                loaderLines().toString());
    }

    @ParameterizedTest(name = "on {0} connection(s)")
    @ValueSource(ints = {1, 2})
    void brokenRowsFailAsInTextAndChangeNothing(int connections) throws IOException {
        manifest = TestBackups.write(source, location, BACKUP, List.of("public.things"));

        forge(plainRows(1) + "{\"id\":2,\"note\":\"a\",\"note\":\"secret-1\"}\n", 2);
        BackupException twice = assertThrows(BackupException.class, () -> restore(connections));
        assertEquals(Kind.CORRUPT, twice.kind(), twice.getMessage());
        assertMentions(twice, "public.things", "row 2, column note: the row has this key twice");

        forge(plainRows(1) + "{\"id\":2,\"note\":secret-2}\n", 2);
        BackupException invalid = assertThrows(BackupException.class, () -> restore(connections));
        assertEquals(Kind.CORRUPT, invalid.kind(), invalid.getMessage());
        assertMentions(invalid, "public.things", "row 2: is not valid JSON");

        forge(plainRows(1) + "{\"id\":2,\"normal\":2147483648}\n", 2);
        BackupException range = assertThrows(BackupException.class, () -> restore(connections));
        assertEquals(Kind.DATA, range.kind(), range.getMessage());
        assertMentions(range, "column normal (integer)", "out of range", "row 2 of the backup file");

        // a value the server refuses in binary format, as it does in text
        forge(plainRows(1) + "{\"id\":2,\"name\":\"secret-3 is longer than twenty\"}\n", 2);
        BackupException tooLong = assertThrows(BackupException.class, () -> restore(connections));
        assertEquals(Kind.DATA, tooLong.kind(), tooLong.getMessage());
        assertMentions(tooLong, "column name (character varying(20))", "too long", "row 2 of the backup file");

        forge(plainRows(1) + "{\"id\":2}\n", 2);
        BackupException notNull = assertThrows(BackupException.class, () -> restore(connections));
        assertMentions(notNull, "column normal", "NULL in a NOT NULL column", "row 2 of the backup file");

        for (BackupException e : List.of(twice, invalid, range, tooLong, notNull)) {
            assertFalse(e.getMessage().contains("secret"), "no value in: " + e.getMessage());
        }
        assertEquals(0, TestPostgres.rowCount(target, "public.things"));
    }

    private void restore(int connections) {
        new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, target, List.of(), RestoreMode.REPLACE)
                        .loadParallelism(connections)
                        .build());
    }

    private static String plainRows(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> "{\"id\":" + (i + 100) + ",\"normal\":" + i + ",\"note\":\"n" + i + "\"}\n")
                .collect(Collectors.joining());
    }

    private void forge(String lines, long rows) throws IOException {
        TableEntry table = manifest.tables().get(0);
        manifest = TestBackups.forge(
                location, manifest, table, dir.resolve("things").resolve(BACKUP).resolve(table.file()), lines, rows);
    }

    private static java.util.Map<String, String> contents(DatabaseTarget db) {
        return TestBackups.contents(db, "public.things", "id");
    }

    private List<String> loaderLines() {
        synchronized (logs) {
            return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static void assertMentions(BackupException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }
}
