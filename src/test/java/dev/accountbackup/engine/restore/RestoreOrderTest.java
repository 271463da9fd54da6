package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rows that point to rows of the same restore, through foreign keys checked at once (neither
 * deferrable nor with an ON DELETE action): an existing row overwritten to point to a row the
 * restore brings back, and a row brought back pointing to an existing one, in its own table and
 * across a cycle of tables.
 */
class RestoreOrderTest {

    private static final String BACKUP = "20261201T000000Z";

    private static final String SCHEMA = """
            CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, invited_by bigint REFERENCES users (id));
            CREATE TABLE teams (id int PRIMARY KEY, owner_id int);
            CREATE TABLE people (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams (id));
            ALTER TABLE teams ADD FOREIGN KEY (owner_id) REFERENCES people (id);
            INSERT INTO users VALUES (1, 'a@example.org', NULL), (2, 'b@example.org', 1), (3, 'c@example.org', 4),
              (4, 'd@example.org', NULL), (5, 'e@example.org', 3);
            INSERT INTO teams VALUES (1, NULL), (2, NULL);
            INSERT INTO people VALUES (10, 1), (20, 2), (30, 1);
            UPDATE teams SET owner_id = 30 WHERE id = 1;
            UPDATE teams SET owner_id = 20 WHERE id = 2;
            """;

    /** Since the backup: users 2 and 4 and person 30 are gone, and the rows that pointed to them point elsewhere. */
    private static final String DAMAGE = """
            UPDATE users SET invited_by = NULL WHERE id = 3;
            DELETE FROM users WHERE id IN (2, 4);
            UPDATE teams SET owner_id = 10 WHERE id = 1;
            DELETE FROM people WHERE id = 30;
            """;

    @TempDir
    Path dir;

    private BackupLocation location;
    private DatabaseTarget db;
    private Map<String, Map<String, String>> backedUp;

    private void backUp() {
        db = TestPostgres.newDatabase();
        TestPostgres.execute(db, SCHEMA);
        location = new BackupLocation(new FilesystemStore(dir), "order");
        new Exporter()
                .export(new ExportRequest(
                        db,
                        List.of("public.teams", "public.people", "public.users"),
                        location,
                        BACKUP,
                        null,
                        Map.of()));
        backedUp = contents();
    }

    private Map<String, Map<String, String>> contents() {
        Map<String, Map<String, String>> contents = new LinkedHashMap<>();
        for (String table : List.of("users", "teams", "people")) {
            contents.put(table, TestPostgres.contents(db, table, "id", "t::text"));
        }
        return contents;
    }

    private RestoreResult restore(RestoreMode mode, AccountSelection accounts) {
        return new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of(), mode)
                        .accounts(accounts)
                        .build());
    }

    @ParameterizedTest
    @EnumSource(
            value = RestoreMode.class,
            names = {"UPSERT", "REPLACE"})
    void overwrittenRowsPointToRowsBroughtBackAndBroughtBackRowsToExistingOnes(RestoreMode mode) {
        backUp();
        TestPostgres.execute(db, DAMAGE);

        RestoreResult result = restore(mode, null);

        // user 3 is overwritten to point to user 4, brought back; user 2 comes back pointing to user 1, which stayed;
        // team 1 is overwritten to point to person 30, brought back into a table written after it (a cycle)
        assertEquals(backedUp, contents());
        Map<String, List<Long>> counts = new LinkedHashMap<>();
        result.tables().forEach(t -> counts.put(t.table(), List.of(t.inserted(), t.updated(), t.deleted())));
        assertEquals(List.of(2L, 1L, 0L), counts.get("public.users"));
        assertEquals(List.of(0L, 1L, 0L), counts.get("public.teams"));
        assertEquals(List.of(1L, 0L, 0L), counts.get("public.people"));
    }

    @Test
    void replaceDeletesRowsAddedSinceTheBackupThatPointToEachOther() {
        backUp();
        TestPostgres.execute(db, DAMAGE + "INSERT INTO users VALUES (6, 'f@example.org', 3), (7, 'g@example.org', 6);");

        restore(RestoreMode.REPLACE, null);

        // users 6 and 7, added since the backup, point to user 3 and to each other: both go, in one statement
        assertEquals(backedUp, contents());
    }

    @ParameterizedTest
    @EnumSource(
            value = RestoreMode.class,
            names = {"UPSERT", "REPLACE"})
    void chosenAccountsPointingToEachOtherComeBackTogether(RestoreMode mode) {
        backUp();
        TestPostgres.execute(db, DAMAGE + "UPDATE users SET email = 'changed@example.org' WHERE id = 5;");
        Map<String, String> damagedUsers = contents().get("users");

        restore(mode, AccountSelection.keys("public.users", List.of("3", "4")));

        Map<String, String> expected = new LinkedHashMap<>(damagedUsers);
        expected.put("3", backedUp.get("users").get("3"));
        expected.put("4", backedUp.get("users").get("4"));
        assertEquals(expected, contents().get("users"), "accounts 3 and 4 as backed up, the others as they are");
    }
}
