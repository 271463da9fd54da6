package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's triggers on restored tables: by default they fire and the result says so; with
 * disableTriggers the backup's values come back as they are, nothing is written elsewhere, and the
 * triggers are back as they were afterwards.
 */
class RestoreTriggersTest {

    private static final String BACKUP = "20260101T000000Z";

    /** What real account tables carry: an updated_at kept by the database, an audit log, one trigger that fires even for replicas. */
    private static final String TRIGGERS = """
            CREATE TABLE audit_log (happened text NOT NULL, user_id bigint NOT NULL);
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.updated_at := timestamptz '2030-01-01 00:00:00+00'; RETURN NEW; END $$;
            CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO audit_log VALUES (TG_OP, NEW.id); RETURN NEW; END $$;
            CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
            CREATE TRIGGER users_audit AFTER INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION audit();
            ALTER TABLE users ENABLE ALWAYS TRIGGER users_audit;
            """;

    @TempDir
    Path dir;

    private DatabaseTarget db;
    private BackupLocation location;
    private Map<String, String> usersAtBackup;

    @BeforeEach
    void backUpThenLoseAndChangeAccounts() {
        db = TestPostgres.newAccountsDatabase(40);
        location = new BackupLocation(new FilesystemStore(dir), "accounts");
        TestBackups.write(db, location, BACKUP, SampleAccounts.TABLES);
        usersAtBackup = TestBackups.contents(db, "public.users", "id");
        TestPostgres.execute(db, TRIGGERS);
        TestPostgres.execute(
                db,
                "DELETE FROM users WHERE id % 4 = 0; UPDATE users SET display_name = 'changed' WHERE id IN (1, 2); TRUNCATE audit_log");
    }

    @Test
    void triggersFireByDefaultAndTheResultSaysSo() {
        RestoreResult result = restore(false);

        assertTrue(
                result.warnings().stream()
                        .anyMatch(w -> w.contains("public.users")
                                && w.contains("users_audit, users_touch")
                                && w.contains("disableTriggers")),
                result.warnings().toString());
        Map<String, String> users = TestBackups.contents(db, "public.users", "id");
        assertNotEquals(usersAtBackup.get("4"), users.get("4"), "the trigger set updated_at of a restored row");
        assertEquals(
                12,
                TestPostgres.number(db, "SELECT count(*) FROM audit_log"),
                "10 inserted and 2 updated rows were audited");
    }

    @Test
    void disabledTriggersLeaveTheBackupsValuesAndComeBackAsTheyWere() {
        List<String> triggersBefore = triggers();

        RestoreResult result = restore(true);

        assertEquals(
                List.of(),
                result.warnings().stream().filter(w -> w.contains("trigger")).toList());
        assertEquals(usersAtBackup, TestBackups.contents(db, "public.users", "id"));
        assertEquals(0, TestPostgres.number(db, "SELECT count(*) FROM audit_log"));
        assertEquals(triggersBefore, triggers());
        TestPostgres.execute(db, "UPDATE users SET failed_logins = 1 WHERE id = 3");
        assertEquals(
                1,
                TestPostgres.number(db, "SELECT count(*) FROM audit_log WHERE user_id = 3"),
                "the triggers work again after the restore");
    }

    @Test
    void disablingTriggersNeedsTheTablesOwnerAndChangesNothingOtherwise() {
        String role = "restorer_" + db.database();
        TestPostgres.execute(
                db,
                "CREATE ROLE " + role + " LOGIN PASSWORD 'pw-restorer';"
                        + " GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role + ";"
                        + " GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role);
        DatabaseTarget notOwner = new DatabaseTarget(db.host(), db.port(), db.database(), role, "pw-restorer", null);
        Map<String, String> before = TestBackups.contents(db, "public.users", "id");

        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(location, BACKUP, notOwner, List.of(), RestoreMode.UPSERT)
                                .disableTriggers()
                                .build()));

        assertEquals(Kind.INVALID, e.kind());
        assertTrue(
                e.getMessage().contains("public.users")
                        && e.getMessage().contains("disableTriggers")
                        && e.getMessage().contains("own"),
                e.getMessage());
        assertEquals(before, TestBackups.contents(db, "public.users", "id"));
    }

    private RestoreResult restore(boolean disableTriggers) {
        return new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of(), RestoreMode.UPSERT)
                        .disableTriggers(disableTriggers)
                        .build());
    }

    /** Each trigger of users with its enabled state (O: enabled, A: always). */
    private List<String> triggers() {
        return List.copyOf(TestPostgres.contents(db, "pg_trigger", "tgname", "tgenabled::text").entrySet().stream()
                .filter(t -> t.getKey().startsWith("users_"))
                .map(t -> t.getKey() + "=" + t.getValue())
                .toList());
    }
}
