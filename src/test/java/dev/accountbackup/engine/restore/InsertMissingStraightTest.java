package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * InsertMissing into tables that hold rows copies the missing rows straight in (the table's keys read under the
 * lock), and gives exactly what the staged path gives on the same damage: same table contents, same counts, same
 * dry-run figures. Keys of types it does not hold, and tables whose keys would not fit in memory, take the staged
 * path. Which path a table took is seen by a statement trigger recording the statement that inserted.
 */
class InsertMissingStraightTest {

    private static final String BACKUP = "20260101T000000Z";

    /** Beside the sample tables: a composite integer key, a uuid key and a text key. */
    private static final String MORE_TABLES = """
            CREATE TABLE memberships (org_id int, user_id bigint REFERENCES users (id) ON DELETE CASCADE,
                role text, PRIMARY KEY (org_id, user_id));
            INSERT INTO memberships SELECT id % 3, id, 'member' FROM users;
            CREATE TABLE devices (id uuid PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name text);
            INSERT INTO devices SELECT md5('device' || id)::uuid, id, 'phone ' || id FROM users;
            CREATE TABLE tags (name text PRIMARY KEY, note text);
            INSERT INTO tags SELECT 'tag-' || id, 'note ' || id FROM users;
            """;

    private static final List<String> TABLES = List.of(
            "public.users",
            "public.user_identities",
            "public.user_profiles",
            "public.memberships",
            "public.devices",
            "public.tags");

    /** Records, for each insert into a watched table, the statement that made it (COPY or INSERT). */
    private static final String WATCH_INSERTS = """
            CREATE TABLE insert_log (tbl text, how text);
            CREATE FUNCTION log_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO insert_log VALUES (TG_TABLE_NAME, split_part(ltrim(current_query()), ' ', 1));
                RETURN NULL; END $$;
            CREATE TRIGGER users_log AFTER INSERT ON users FOR EACH STATEMENT EXECUTE FUNCTION log_insert();
            CREATE TRIGGER memberships_log AFTER INSERT ON memberships FOR EACH STATEMENT EXECUTE FUNCTION log_insert();
            CREATE TRIGGER devices_log AFTER INSERT ON devices FOR EACH STATEMENT EXECUTE FUNCTION log_insert();
            CREATE TRIGGER tags_log AFTER INSERT ON tags FOR EACH STATEMENT EXECUTE FUNCTION log_insert();
            """;

    /** Accounts lost with what they own, some rows of each other table lost, some rows changed since the backup. */
    private static final String DAMAGE = """
            DELETE FROM users WHERE id % 4 = 2;
            DELETE FROM memberships WHERE user_id % 3 = 0;
            DELETE FROM devices WHERE user_id % 5 = 1;
            DELETE FROM tags WHERE name LIKE '%7';
            UPDATE users SET display_name = 'changed since' WHERE id IN (1, 3);
            UPDATE devices SET name = 'renamed' WHERE user_id = 4;
            TRUNCATE insert_log;
            """;

    /** PostgreSQL's estimate of these tables' rows, far beyond what the key set holds: they must be staged. */
    private static final String HUGE_ESTIMATES = "UPDATE pg_class SET reltuples = 1e9 WHERE oid IN ('users'::regclass,"
            + " 'user_identities'::regclass, 'user_profiles'::regclass, 'memberships'::regclass, 'devices'::regclass)";

    @TempDir
    Path dir;

    @Test
    void copiedStraightGivesWhatTheStagedPathGives() {
        DatabaseTarget straight = damagedCopy();
        DatabaseTarget staged = damagedCopy();
        TestPostgres.execute(staged, HUGE_ESTIMATES);

        RestoreResult preview = restore(straight, true);
        RestoreResult copied = restore(straight, false);
        RestoreResult stagedResult = restore(staged, false);

        assertEquals(figures(stagedResult), figures(copied), "same counts on the same damage");
        assertEquals(figures(copied), figures(preview), "the dry run said what the restore did");
        assertEquals(figures(stagedResult).get(0), List.of("public.users", 10L, 0L, 0L, 30L));
        for (String table : TABLES) {
            assertEquals(contents(staged, table), contents(straight, table), table + ": same contents");
        }
        assertEquals("changed since", displayName(straight, 1), "a present row is left as it is");
        assertEquals(
                List.of("devices COPY", "memberships COPY", "tags INSERT", "users COPY"),
                inserts(straight),
                "integer, composite and uuid keys copied straight; the text key staged");
        assertEquals(
                List.of("devices INSERT", "memberships INSERT", "tags INSERT", "users INSERT"),
                inserts(staged),
                "keys estimated beyond the memory limit staged");
    }

    @Test
    void rowsTheApplicationInsertsBeforeTheLockAreLeftAsTheyAre() throws Exception {
        DatabaseTarget db = damagedCopy();
        try (Connection app = TestPostgres.connect(db)) {
            app.setAutoCommit(false);
            try (Statement st = app.createStatement()) {
                // a lost account signs up again with its old id, and a new account arrives, while the restore plans
                st.execute("INSERT INTO users (id, public_id, email, username, password_hash, display_name)"
                        + " VALUES (6, gen_random_uuid(), 'back@example.com', 'back', 'x', 'signed up again'),"
                        + " (1000, gen_random_uuid(), 'new@example.com', 'new', 'x', 'new')");
            }
            CompletableFuture<RestoreResult> restore = CompletableFuture.supplyAsync(
                    () -> new Restorer(Duration.ofSeconds(60)).restore(request(db, false)));
            waitForTheRestoreToWaitForItsLock(db, restore);
            app.commit();
            RestoreResult result = restore.get(60, TimeUnit.SECONDS);

            assertEquals(
                    List.of("public.users", 9L, 0L, 0L, 31L), figures(result).get(0));
        }
        assertEquals("signed up again", displayName(db, 6), "the application's row stays");
        assertEquals("new", displayName(db, 1000));
        assertEquals(1, TestPostgres.number(db, "SELECT count(*) FROM users WHERE id = 6"));
        assertEquals(41, TestPostgres.rowCount(db, "users"));
    }

    /** The source's tables backed up, then a new database with the same tables and the same damage done to it. */
    private DatabaseTarget damagedCopy() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(40);
        TestPostgres.execute(db, MORE_TABLES);
        TestPostgres.execute(db, WATCH_INSERTS);
        TestBackups.write(db, location(), BACKUP, TABLES);
        TestPostgres.execute(db, DAMAGE);
        return db;
    }

    private BackupLocation location() {
        return new BackupLocation(new FilesystemStore(dir), "accounts");
    }

    private RestoreResult restore(DatabaseTarget db, boolean dryRun) {
        return new Restorer().restore(request(db, dryRun));
    }

    private RestoreRequest request(DatabaseTarget db, boolean dryRun) {
        return new RestoreRequest(
                location(), BACKUP, db, List.of(), RestoreMode.INSERT_MISSING, dryRun, null, Map.of());
    }

    private static List<List<Object>> figures(RestoreResult result) {
        List<List<Object>> figures = new ArrayList<>();
        for (TableRestoreResult t : result.tables()) {
            figures.add(List.of(t.table(), t.inserted(), t.updated(), t.deleted(), t.unchanged()));
        }
        return figures;
    }

    private static Map<String, String> contents(DatabaseTarget db, String table) {
        return TestBackups.contents(db, table, "t::text");
    }

    private static String displayName(DatabaseTarget db, long id) {
        return TestPostgres.contents(db, "users", "id", "display_name").get(Long.toString(id));
    }

    private static List<String> inserts(DatabaseTarget db) {
        return List.copyOf(
                TestPostgres.contents(db, "(SELECT DISTINCT tbl || ' ' || how AS line FROM insert_log)", "line", "line")
                        .keySet());
    }

    private static void waitForTheRestoreToWaitForItsLock(DatabaseTarget db, CompletableFuture<?> restore)
            throws Exception {
        for (int i = 0; i < 600 && !restore.isDone(); i++) {
            if (TestPostgres.number(
                            db, "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'users'::regclass")
                    > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the restore never waited for its lock: " + (restore.isDone() ? restore.get() : ""));
    }
}
