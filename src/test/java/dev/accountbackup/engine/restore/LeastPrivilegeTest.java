package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's story under roles that hold exactly the grants of {@code deploy/postgresql-grants.sql}
 * (the file the README points to), with PostgreSQL's PUBLIC defaults revoked: export, 50 accounts
 * deleted, a dry run, InsertMissing, Upsert and Replace with their safety copies, and a restore into
 * emptied tables that moves the sequences on. Each missing grant gives an error that names it, and
 * nothing changes.
 */
class LeastPrivilegeTest {

    private static final Path GRANTS = Path.of("deploy/postgresql-grants.sql");
    private static final AtomicInteger ROLES = new AtomicInteger();
    private static final String PASSWORD = "least-privilege-pw";

    @TempDir
    Path dir;

    private DatabaseTarget owner;
    private String suffix;
    private BackupLocation location;
    private BackupLocation safety;

    @BeforeEach
    void anAccountsDatabaseWithoutPublicDefaults() {
        owner = TestPostgres.newAccountsDatabase(100);
        // what a hardened database looks like: nothing for PUBLIC, so only the file's grants count
        TestPostgres.execute(
                owner,
                "REVOKE ALL ON DATABASE " + owner.database() + " FROM PUBLIC; REVOKE ALL ON SCHEMA public FROM PUBLIC");
        suffix = "_" + ROLES.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
        FilesystemStore store = new FilesystemStore(dir);
        location = new BackupLocation(store, "shop/nightly");
        safety = new BackupLocation(store, "shop/safety");
    }

    @Test
    void theSeedsStoryRunsUnderTheDocumentedGrantsAlone() throws IOException {
        DatabaseTarget backupRole = grant(List.of("export"), UnaryOperator.identity(), "account_backup");
        DatabaseTarget restoreRole =
                grant(List.of("restore InsertMissing"), UnaryOperator.identity(), "account_restore");

        Manifest backup = new Exporter()
                .export(new ExportRequest(backupRole, SampleAccounts.TABLES, location, null, null, Map.of()));
        assertEquals(3, backup.tables().size());
        Map<String, Map<String, String>> original = contents();

        TestPostgres.execute(owner, "DELETE FROM users WHERE id % 2 = 0");
        Map<String, Map<String, String>> afterTheBug = contents();

        RestoreResult dry = restore(restoreRole, RestoreMode.INSERT_MISSING, true, null);
        assertEquals(50, dry.tables().get(0).inserted());
        assertEquals(afterTheBug, contents(), "a dry run changes nothing");

        RestoreResult insertMissing = restore(restoreRole, RestoreMode.INSERT_MISSING, false, null);
        assertEquals(50, insertMissing.tables().get(0).inserted());
        assertEquals(original, contents(), "the 50 accounts are back, exactly");

        TestPostgres.execute(owner, """
                UPDATE users SET display_name = 'changed ' || id WHERE id IN (1, 3, 5);
                INSERT INTO users (public_id, email, username, password_hash, display_name)
                  SELECT md5('new' || g)::uuid, 'new' || g || '@example.com', 'new' || g, 'x', 'New ' || g FROM generate_series(1, 5) g;""");
        Map<String, Map<String, String>> dayTwo = contents();
        grant(List.of("restore Upsert (adds to InsertMissing)"), UnaryOperator.identity(), "account_restore");
        RestoreResult upsert = restore(restoreRole, RestoreMode.UPSERT, false, safety);
        assertEquals(3, upsert.tables().get(0).updated());
        assertNotNull(upsert.safetyBackupId());
        assertEquals(
                dayTwo.get("users").size(),
                safety.readManifest(upsert.safetyBackupId()).tables().get(0).rows());
        Map<String, String> expectedUsers = new TreeMap<>(original.get("users"));
        dayTwo.get("users").forEach((id, row) -> {
            if (Integer.parseInt(id) > 100) {
                expectedUsers.put(id, row);
            }
        });
        assertEquals(expectedUsers, contents().get("users"), "changed accounts overwritten, new ones kept");

        grant(List.of("restore Replace (adds to Upsert)"), UnaryOperator.identity(), "account_restore");
        RestoreResult replace = restore(restoreRole, RestoreMode.REPLACE, false, safety);
        assertEquals(5, replace.tables().get(0).deleted());
        assertNotNull(replace.safetyBackupId());
        assertEquals(original, contents(), "Replace makes the tables equal to the backup");

        // into emptied tables, where the restore moves the identity sequences on with setval
        TestPostgres.execute(owner, "TRUNCATE users, user_identities, user_profiles RESTART IDENTITY");
        restore(restoreRole, RestoreMode.REPLACE, false, null);
        assertEquals(original, contents());
        TestPostgres.execute(
                owner,
                "INSERT INTO users (public_id, email, username, password_hash, display_name)"
                        + " VALUES (md5('after')::uuid, 'after@example.com', 'after', 'x', 'After')");
        assertTrue(contents().get("users").containsKey("101"), "the sequence was moved past the restored ids");
    }

    @Test
    void aMissingGrantIsNamedAndNothingChanges() throws IOException {
        DatabaseTarget backupRole = grant(List.of("export"), UnaryOperator.identity(), "account_backup");
        new Exporter().export(new ExportRequest(backupRole, SampleAccounts.TABLES, location, null, null, Map.of()));
        TestPostgres.execute(owner, "DELETE FROM users WHERE id % 2 = 0");
        Map<String, Map<String, String>> before = contents();

        DatabaseTarget noInsertOnProfiles = grant(
                List.of("restore InsertMissing"),
                sql -> sql.replace(
                        "GRANT SELECT, INSERT, UPDATE ON public.users, public.user_identities, public.user_profiles",
                        "GRANT SELECT, UPDATE ON public.user_profiles TO account_restore; GRANT SELECT, INSERT, UPDATE ON public.users, public.user_identities"),
                "account_restore");
        BackupException e = assertThrows(
                BackupException.class, () -> restore(noInsertOnProfiles, RestoreMode.INSERT_MISSING, false, null));
        assertTrue(
                e.getMessage().contains("permission denied for table user_profiles")
                        && e.getMessage().contains("Nothing was changed"),
                e.getMessage());
        assertEquals(before, contents());

        BackupException replace = assertThrows(
                BackupException.class, () -> restore(noInsertOnProfiles, RestoreMode.REPLACE, false, null));
        assertTrue(replace.getMessage().contains("permission denied for table"), replace.getMessage());
        assertEquals(before, contents());

        suffix += "a";
        DatabaseTarget noUpdate = grant(
                List.of("restore InsertMissing"),
                sql -> sql.replace("SELECT, INSERT, UPDATE ON public.users", "SELECT, INSERT ON public.users"),
                "account_restore");
        BackupException lock =
                assertThrows(BackupException.class, () -> restore(noUpdate, RestoreMode.INSERT_MISSING, false, null));
        assertTrue(
                lock.getMessage().contains("permission denied for table users")
                        && lock.getMessage()
                                .contains("grant UPDATE on every" + " restored table, also for InsertMissing"),
                lock.getMessage());
        assertEquals(before, contents());

        suffix += "s";
        DatabaseTarget noSequences = grant(
                List.of("restore InsertMissing"),
                sql -> sql.replaceAll("(?m)^GRANT SELECT, UPDATE ON SEQUENCE.*$", ""),
                "account_restore");
        BackupException sequence = assertThrows(
                BackupException.class, () -> restore(noSequences, RestoreMode.INSERT_MISSING, false, null));
        assertTrue(sequence.getMessage().contains("permission denied for sequence"), sequence.getMessage());
        assertEquals(before, contents());

        suffix += "b";
        DatabaseTarget noTemporary = grant(
                List.of("restore InsertMissing"),
                sql -> sql.replace("GRANT CONNECT, TEMPORARY", "GRANT CONNECT"),
                "account_restore");
        // InsertMissing copies missing rows straight into tables with integer keys: its dry run still stages them
        BackupException temporary =
                assertThrows(BackupException.class, () -> restore(noTemporary, RestoreMode.INSERT_MISSING, true, null));
        assertTrue(
                temporary.getMessage().contains("permission denied to create temporary tables"),
                temporary.getMessage());
        assertEquals(before, contents());

        suffix += "c";
        DatabaseTarget noSelectOnProfiles =
                grant(List.of("export"), sql -> sql.replace(", public.user_profiles TO", " TO"), "account_backup");
        BackupException export = assertThrows(
                BackupException.class,
                () -> new Exporter()
                        .export(new ExportRequest(
                                noSelectOnProfiles, SampleAccounts.TABLES, location, null, null, Map.of())));
        assertTrue(
                export.getMessage().contains("permission denied for table user_profiles")
                        && export.getMessage().contains("grant the backup user SELECT"),
                export.getMessage());
    }

    /** From PostgreSQL 17, MAINTAIN, narrower than UPDATE, is enough for InsertMissing's lock (the build runs this on 17 and 18). */
    @Test
    void fromPostgresql17MaintainTakesThePlaceOfUpdateForInsertMissing() throws IOException {
        assumeTrue(
                Integer.parseInt(TestPostgres.server().version().split("\\.")[0]) >= 17,
                "MAINTAIN exists from PostgreSQL 17");
        DatabaseTarget backupRole = grant(List.of("export"), UnaryOperator.identity(), "account_backup");
        new Exporter().export(new ExportRequest(backupRole, SampleAccounts.TABLES, location, null, null, Map.of()));
        Map<String, Map<String, String>> original = contents();
        TestPostgres.execute(owner, "DELETE FROM users WHERE id % 2 = 0");
        DatabaseTarget restoreRole = grant(
                List.of("restore InsertMissing"),
                sql -> sql.replace(
                        "SELECT, INSERT, UPDATE ON public.users", "SELECT, INSERT, MAINTAIN ON public.users"),
                "account_restore");

        restore(restoreRole, RestoreMode.INSERT_MISSING, false, null);
        assertEquals(original, contents());
    }

    /** Triggers can be switched off only by the tables' owner; the documented roles are not, and are told so. */
    @Test
    void disableTriggersNeedsTheTablesOwner() throws IOException {
        DatabaseTarget backupRole = grant(List.of("export"), UnaryOperator.identity(), "account_backup");
        new Exporter().export(new ExportRequest(backupRole, SampleAccounts.TABLES, location, null, null, Map.of()));
        TestPostgres.execute(owner, """
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();
                DELETE FROM users WHERE id % 2 = 0;""");
        Map<String, Map<String, String>> before = contents();
        DatabaseTarget restoreRole =
                grant(List.of("restore InsertMissing"), UnaryOperator.identity(), "account_restore");

        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(new RestoreRequest(
                                location,
                                "latest",
                                restoreRole,
                                List.of(),
                                RestoreMode.INSERT_MISSING,
                                false,
                                null,
                                Map.of(),
                                true)));
        assertTrue(e.getMessage().contains("disableTriggers needs the database user to own the table"), e.getMessage());
        assertEquals(before, contents());
    }

    private RestoreResult restore(
            DatabaseTarget role, RestoreMode mode, boolean dryRun, BackupLocation safetyLocation) {
        return new Restorer()
                .restore(new RestoreRequest(
                        location, "latest", role, List.of(), mode, dryRun, safetyLocation, Map.of()));
    }

    private Map<String, Map<String, String>> contents() {
        Map<String, Map<String, String>> all = new TreeMap<>();
        all.put("users", TestBackups.contents(owner, "public.users", "id"));
        all.put("user_identities", TestBackups.contents(owner, "public.user_identities", "id"));
        all.put("user_profiles", TestBackups.contents(owner, "public.user_profiles", "user_id"));
        return all;
    }

    /**
     * Runs sections of the grants file, as a database administrator would, for this test's own roles and database.
     *
     * @param change what to take away from the file's statements, for the tests of a missing grant
     * @return a login as {@code role}
     */
    private DatabaseTarget grant(List<String> sections, UnaryOperator<String> change, String role) throws IOException {
        List<String> statements = new ArrayList<>();
        for (String section : sections) {
            statements.add(section(section));
        }
        String sql = change.apply(String.join("\n", statements))
                .replace("DATABASE shop", "DATABASE " + owner.database())
                .replace("account_backup", "account_backup" + suffix)
                .replace("account_restore", "account_restore" + suffix);
        TestPostgres.execute(owner, sql);
        String login = role + suffix;
        TestPostgres.execute(owner, "ALTER ROLE " + login + " PASSWORD '" + PASSWORD + "'");
        return new DatabaseTarget(owner.host(), owner.port(), owner.database(), login, PASSWORD, null);
    }

    /** The statements of one "-- section: name" of the grants file. */
    private static String section(String name) throws IOException {
        String text = Files.readString(GRANTS);
        int start = text.indexOf("-- section: " + name + "\n");
        assertTrue(start >= 0, "no section '" + name + "' in " + GRANTS);
        int end = text.indexOf("-- section: ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
