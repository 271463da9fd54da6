package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup file forged with two rows of the same primary key, its manifest recomputed to match, is refused in
 * every mode and in dry runs, naming the table and the key's columns but no value, with nothing changed
 * (issue 10, defect 7).
 */
class DuplicateKeysTest {

    private static final String BACKUP = "20260101T000000Z";
    private static final String USERS_KEY_REFUSED =
            "backup file of table public.users holds more than one row with the same primary key (id)";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private DatabaseTarget db;
    private BackupLocation location;
    private Manifest manifest;
    private List<String> userLines;

    @BeforeEach
    void backUpAndLoseSomeAccounts() throws IOException {
        db = TestPostgres.newAccountsDatabase(40);
        location = new BackupLocation(new FilesystemStore(dir), "accounts");
        manifest = TestBackups.write(db, location, BACKUP, SampleAccounts.TABLES);
        userLines = lines(manifest.tables().get(0));
        TestPostgres.execute(db, "DELETE FROM users WHERE id % 4 = 2");
    }

    @Test
    void aCopiedRowIsRefusedInEveryModeAndDryRun() throws IOException {
        forgeUsers(userLine(5));
        assertRefusedEverywhere(USERS_KEY_REFUSED, "user5");
    }

    @Test
    void aSecondRowWithAnExistingKeyAndOtherValuesIsRefused() throws IOException {
        forgeUsers(otherValues(userLine(5)));
        assertRefusedEverywhere(USERS_KEY_REFUSED, "forged");
    }

    @Test
    void aCopiedRowOfADeletedAccountIsRefused() throws IOException {
        forgeUsers(otherValues(userLine(6)));
        assertRefusedEverywhere(USERS_KEY_REFUSED, "forged");
    }

    @Test
    void loadingStraightIntoAnEmptyTableRefusesItTooWithOrWithoutIndexes() throws Exception {
        forgeUsers(otherValues(userLine(5)));
        DatabaseTarget empty = TestPostgres.newDatabase();
        try (var c = TestPostgres.connect(empty)) {
            SampleAccounts.createSchema(c);
        }
        for (Restorer restorer : List.of(new Restorer(), new Restorer(Duration.ofSeconds(5), 1))) {
            for (boolean dryRun : List.of(false, true)) {
                BackupException e = assertThrows(
                        BackupException.class,
                        () -> restorer.restore(
                                RestoreRequest.of(location, BACKUP, empty, List.of(), RestoreMode.INSERT_MISSING)
                                        .dryRun(dryRun)
                                        .build()));
                assertRefusal(e, USERS_KEY_REFUSED, "forged");
                assertEquals(Map.of(), TestBackups.contents(empty, "public.users", "id"), "nothing was restored");
            }
        }
    }

    @Test
    void aCompositeKeyIsNamedWithAllItsColumns() throws IOException {
        TestPostgres.execute(
                db, "CREATE TABLE memberships (org_id int, user_id bigint, role text, PRIMARY KEY (org_id, user_id))");
        TestPostgres.execute(db, "INSERT INTO memberships SELECT 1, id, 'member' FROM users");
        Manifest m = TestBackups.write(db, location, BACKUP, List.of("public.memberships"));
        TableEntry table = m.tables().get(0);
        List<String> lines = lines(table);
        ObjectNode changed = (ObjectNode) JSON.readTree(lines.get(0));
        changed.put("role", "owner");
        TestBackups.forge(
                location, m, table, file(table), String.join("\n", lines) + "\n" + changed + "\n", table.rows() + 1);
        Map<String, String> before = TestBackups.contents(db, "public.memberships", "(org_id, user_id)");

        for (RestoreMode mode : RestoreMode.values()) {
            BackupException e = assertThrows(BackupException.class, () -> restore(mode, false));
            assertRefusal(
                    e,
                    "backup file of table public.memberships holds more than one row with the same primary key (org_id, user_id)",
                    "owner");
        }
        assertEquals(before, TestBackups.contents(db, "public.memberships", "(org_id, user_id)"));
    }

    private void assertRefusedEverywhere(String expected, String valueNeverShown) {
        Map<String, Map<String, String>> before = everything();
        for (RestoreMode mode : RestoreMode.values()) {
            for (boolean dryRun : List.of(true, false)) {
                BackupException e = assertThrows(
                        BackupException.class, () -> restore(mode, dryRun), mode + (dryRun ? " dry run" : ""));
                assertRefusal(e, expected, valueNeverShown);
                assertEquals(before, everything(), "nothing changed: " + mode);
            }
        }
    }

    private static void assertRefusal(BackupException e, String expected, String valueNeverShown) {
        assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(e.getMessage().endsWith("Nothing was changed"), e.getMessage());
        assertFalse(e.getMessage().contains(valueNeverShown), e.getMessage());
    }

    private RestoreResult restore(RestoreMode mode, boolean dryRun) {
        return new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of(), mode)
                        .dryRun(dryRun)
                        .build());
    }

    /** Appends a row to the users file and recomputes size, checksum and row count in the manifest. */
    private void forgeUsers(String extraLine) throws IOException {
        TableEntry users = manifest.tables().get(0);
        manifest = TestBackups.forge(
                location,
                manifest,
                users,
                file(users),
                String.join("\n", userLines) + "\n" + extraLine + "\n",
                users.rows() + 1);
    }

    private String userLine(long id) throws IOException {
        for (String line : userLines) {
            if (JSON.readTree(line).get("id").asLong() == id) {
                return line;
            }
        }
        throw new IllegalArgumentException("no user " + id);
    }

    /** The same key with values no other row has, so that only the primary key collides. */
    private static String otherValues(String line) throws IOException {
        ObjectNode row = (ObjectNode) JSON.readTree(line);
        row.put("public_id", "00000000-0000-4000-8000-000000000001");
        row.put("email", "forged@example.com");
        row.put("username", "forged");
        return row.toString();
    }

    /** The rows of a table's file (every backup here is written with the same compression). */
    private List<String> lines(TableEntry table) throws IOException {
        try (var in = manifest.compression().decompress(Files.newInputStream(file(table)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        }
    }

    private Path file(TableEntry table) {
        return dir.resolve("accounts").resolve(BACKUP).resolve(table.file());
    }

    private Map<String, Map<String, String>> everything() {
        return Map.of(
                "users",
                TestBackups.contents(db, "public.users", "id"),
                "identities",
                TestBackups.contents(db, "public.user_identities", "id"),
                "profiles",
                TestBackups.contents(db, "public.user_profiles", "user_id"));
    }
}
