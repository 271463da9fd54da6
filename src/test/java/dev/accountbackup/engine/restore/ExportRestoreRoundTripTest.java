package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.AllTypes;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every type the export handles, exported and restored with Replace into an empty copy of the
 * schema: the tables' full contents must be identical, and the application's next insert into each
 * identity-keyed table must work.
 */
class ExportRestoreRoundTripTest {

    @TempDir
    Path dir;

    /** With the indexes in place while loading (the tables are small), and built after loading. */
    @ParameterizedTest(name = "indexes built after loading from {0} rows")
    @ValueSource(longs = {Restorer.INDEXES_AFTER_LOAD_FROM_ROWS, 1})
    void everyTypeComesBackIdenticalAndIdentitiesContinue(long indexesAfterLoadFromRows) throws Exception {
        DatabaseTarget source = TestPostgres.newDatabase();
        TestPostgres.execute(source, AllTypes.SCHEMA);
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "all-types");
        new Exporter()
                .export(new ExportRequest(source, AllTypes.TABLES, location, "round-trip", Compression.ZSTD, Map.of()));

        DatabaseTarget target = TestPostgres.newDatabase();
        TestPostgres.execute(target, AllTypes.SCHEMA);
        TestPostgres.execute(target, "TRUNCATE " + String.join(", ", AllTypes.TABLES) + " RESTART IDENTITY");
        new Restorer(Restorer.DEFAULT_LOCK_TIMEOUT, indexesAfterLoadFromRows)
                .restore(RestoreRequest.of(location, "round-trip", target, List.of(), RestoreMode.REPLACE)
                        .build());

        for (String table : AllTypes.TABLES) {
            assertEquals(contents(source, table), contents(target, table), table + " differs after the round trip");
        }
        for (String table : AllTypes.IDENTITY_TABLES) {
            long maxBefore = maxId(target, table);
            String column = table.equals("accounts_by_default") ? "email" : "name";
            TestPostgres.execute(
                    target, "INSERT INTO " + table + " (" + column + ") VALUES ('after-restore@example.org')");
            assertTrue(maxId(target, table) > maxBefore, "the next insert into " + table + " got a fresh id");
        }
    }

    /** Every row's text form, by primary key, in key order. */
    private static Map<String, String> contents(DatabaseTarget db, String table) throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT id::text, whole_row::text FROM " + table + " whole_row ORDER BY id")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    private static long maxId(DatabaseTarget db, String table) throws Exception {
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(id) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
