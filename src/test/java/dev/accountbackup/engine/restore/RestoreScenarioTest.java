package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product story: 100 accounts backed up; a bug deletes 50; 10 others change and 5 new ones
 * arrive afterwards; a restore brings the 50 back exactly, with their identities and profiles,
 * and what happened since the backup is kept, overwritten or removed as the mode says.
 */
class RestoreScenarioTest {

    private static final String BACKUP = "20260101T000000Z";

    @TempDir
    Path dir;

    private DatabaseTarget db;
    private BackupLocation location;
    private Map<String, String> users0;
    private Map<String, String> identities0;
    private Map<String, String> profiles0;

    @BeforeEach
    void backUpOneHundredAccounts() {
        db = TestPostgres.newAccountsDatabase(100);
        location = new BackupLocation(new FilesystemStore(dir), "accounts");
        TestBackups.write(db, location, BACKUP, SampleAccounts.TABLES);
        users0 = users();
        identities0 = identities();
        profiles0 = profiles();
        assertEquals(100, users0.size());
    }

    /** Day 2: a bug deletes the 50 even-numbered accounts; 10 accounts change; 5 new ones sign up with an identity each. */
    private void dayTwo() {
        TestPostgres.execute(db, """
                DELETE FROM users WHERE id % 2 = 0;
                UPDATE users SET display_name = 'changed ' || id, settings = settings || '{"changed": true}' WHERE id IN (1,3,5,7,9,11,13,15,17,19);
                INSERT INTO users (public_id, email, username, password_hash, display_name)
                  SELECT md5('new' || g)::uuid, 'new' || g || '@example.com', 'new' || g, 'x', 'New ' || g FROM generate_series(1, 5) g;
                INSERT INTO user_identities (user_id, provider, provider_uid) SELECT id, 'google', 'new-' || id FROM users WHERE id > 100;
                """);
    }

    @Test
    void insertMissingBringsBackTheDeletedAccountsExactlyAndKeepsEverythingNewer() throws SQLException {
        dayTwo();
        Map<String, String> usersDay2 = users();
        Map<String, String> identitiesDay2 = identities();
        Map<String, String> profilesDay2 = profiles();
        long lostIdentities = identities0.size() - (identitiesDay2.size() - 5);
        long lostProfiles = profiles0.size() - profilesDay2.size();

        RestoreResult result = restore(RestoreMode.INSERT_MISSING, false);

        assertEquals(
                List.of(
                        new TableRestoreResult("public.users", 50, 0, 0, 50, List.of()),
                        new TableRestoreResult(
                                "public.user_identities",
                                lostIdentities,
                                0,
                                0,
                                identities0.size() - lostIdentities,
                                List.of()),
                        new TableRestoreResult(
                                "public.user_profiles",
                                lostProfiles,
                                0,
                                0,
                                profiles0.size() - lostProfiles,
                                List.of())),
                result.tables());
        assertEquals(BACKUP, result.backupId());
        assertFalse(result.dryRun());
        assertNull(result.safetyBackupId());
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());

        assertEquals(union(usersDay2, users0), users());
        assertEquals(105, users().size());
        assertEquals(union(identitiesDay2, identities0), identities());
        assertEquals(union(profilesDay2, profiles0), profiles());
        assertTrue(users().get("3").contains("changed 3"), "a change made after the backup is kept");
        assertEquals(usersDay2.get("101"), users().get("101"), "an account created after the backup is kept");

        TestPostgres.execute(
                db,
                "INSERT INTO users (public_id, email, username, password_hash, display_name)"
                        + " VALUES (md5('later')::uuid, 'later@example.com', 'later', 'x', 'Later')");
        assertEquals(106, users().size());
    }

    @Test
    void upsertOverwritesTheChangedAccountsAndKeepsTheNewOnes() throws SQLException {
        dayTwo();
        Map<String, String> usersDay2 = users();
        Map<String, String> identitiesDay2 = identities();
        long lostIdentities = identities0.size() - (identitiesDay2.size() - 5);
        long lostProfiles = profiles0.size() - profiles().size();

        RestoreResult result = restore(RestoreMode.UPSERT, false);

        assertEquals(
                List.of(
                        new TableRestoreResult("public.users", 50, 10, 0, 40, List.of()),
                        new TableRestoreResult(
                                "public.user_identities",
                                lostIdentities,
                                0,
                                0,
                                identities0.size() - lostIdentities,
                                List.of()),
                        new TableRestoreResult(
                                "public.user_profiles",
                                lostProfiles,
                                0,
                                0,
                                profiles0.size() - lostProfiles,
                                List.of())),
                result.tables());
        assertEquals(
                union(
                        users0,
                        usersDay2.entrySet().stream()
                                .filter(e -> Integer.parseInt(e.getKey()) > 100)
                                .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll)),
                users());
        assertEquals(union(identitiesDay2, identities0), identities());
        assertEquals(profiles0, profiles());
    }

    @Test
    void replaceMakesTheTablesEqualToTheBackup() throws SQLException {
        dayTwo();
        long lostIdentities = identities0.size() - (identities().size() - 5);
        long lostProfiles = profiles0.size() - profiles().size();

        RestoreResult result = restore(RestoreMode.REPLACE, false);

        assertEquals(
                List.of(
                        new TableRestoreResult("public.users", 50, 10, 5, 40, List.of()),
                        new TableRestoreResult(
                                "public.user_identities",
                                lostIdentities,
                                0,
                                5,
                                identities0.size() - lostIdentities,
                                List.of()),
                        new TableRestoreResult(
                                "public.user_profiles",
                                lostProfiles,
                                0,
                                0,
                                profiles0.size() - lostProfiles,
                                List.of())),
                result.tables());
        assertEquals(users0, users());
        assertEquals(identities0, identities());
        assertEquals(profiles0, profiles());
    }

    @Test
    void aDryRunCountsWhatTheRestoreThenDoesAndChangesNothing() throws SQLException {
        dayTwo();
        Map<String, String> usersDay2 = users();
        Map<String, String> identitiesDay2 = identities();
        Map<String, String> profilesDay2 = profiles();
        for (RestoreMode mode : RestoreMode.values()) {
            RestoreResult dry = restore(mode, true);
            assertTrue(dry.dryRun());
            assertEquals(usersDay2, users(), mode + " dry run changed users");
            assertEquals(identitiesDay2, identities(), mode + " dry run changed identities");
            assertEquals(profilesDay2, profiles(), mode + " dry run changed profiles");
            assertNull(dry.safetyBackupId());
            if (mode == RestoreMode.REPLACE) {
                RestoreResult real = restore(mode, false);
                assertEquals(dry.tables(), real.tables());
                assertEquals(users0, users());
            }
        }
        RestoreResult afterReplace = restore(RestoreMode.REPLACE, true);
        for (TableRestoreResult t : afterReplace.tables()) {
            assertEquals(0, t.inserted() + t.updated() + t.deleted(), t.toString());
        }
    }

    @Test
    void eachModeDryRunMatchesItsRealRun() throws SQLException {
        for (RestoreMode mode : List.of(RestoreMode.INSERT_MISSING, RestoreMode.UPSERT)) {
            DatabaseTarget fresh = TestPostgres.newAccountsDatabase(100);
            DatabaseTarget saved = db;
            db = fresh;
            try {
                dayTwo();
                RestoreResult dry = restore(mode, true);
                assertEquals(dry.tables(), restore(mode, false).tables(), mode.toString());
            } finally {
                db = saved;
            }
        }
    }

    @Test
    void aRestoreIntoEmptyTablesCopiesEverythingAndMovesTheSequencesOn() throws SQLException {
        DatabaseTarget empty = TestPostgres.newDatabase();
        try (Connection c = TestPostgres.connect(empty)) {
            SampleAccounts.createSchema(c);
        }
        RestoreResult result = new Restorer()
                .restore(RestoreRequest.of(location, "latest", empty, List.of(), RestoreMode.REPLACE)
                        .build());

        assertEquals(
                List.of(
                        new TableRestoreResult("public.users", 100, 0, 0, 0, List.of()),
                        new TableRestoreResult("public.user_identities", identities0.size(), 0, 0, 0, List.of()),
                        new TableRestoreResult("public.user_profiles", profiles0.size(), 0, 0, 0, List.of())),
                result.tables());
        assertEquals(users0, TestBackups.contents(empty, "public.users", "id"));
        assertEquals(identities0, TestBackups.contents(empty, "public.user_identities", "id"));
        assertEquals(profiles0, TestBackups.contents(empty, "public.user_profiles", "user_id"));
        TestPostgres.execute(empty, """
                INSERT INTO users (public_id, email, username, password_hash, display_name) VALUES (md5('n')::uuid, 'n@example.com', 'n', 'x', 'N');
                INSERT INTO user_identities (user_id, provider, provider_uid) VALUES (101, 'github', 'n');""");
        assertEquals(
                "101",
                TestBackups.contents(empty, "public.users", "id").keySet().stream()
                        .max((a, b) -> Integer.parseInt(a) - Integer.parseInt(b))
                        .orElseThrow());
    }

    @Test
    void aBackupMadeByTheExporterBringsTheDeletedAccountsBack() {
        BackupLocation exported = new BackupLocation(new FilesystemStore(dir), "exported");
        String id = new Exporter()
                .export(new ExportRequest(db, SampleAccounts.TABLES, exported, null, null, Map.of()))
                .backupId();
        dayTwo();
        Map<String, String> usersDay2 = users();
        Map<String, String> identitiesDay2 = identities();
        Map<String, String> profilesDay2 = profiles();

        RestoreResult result = new Restorer()
                .restore(RestoreRequest.of(exported, "latest", db, List.of(), RestoreMode.INSERT_MISSING)
                        .build());

        assertEquals(id, result.backupId());
        assertEquals(50, result.tables().get(0).inserted());
        assertEquals(union(usersDay2, users0), users());
        assertEquals(union(identitiesDay2, identities0), identities());
        assertEquals(union(profilesDay2, profiles0), profiles());
    }

    @Test
    void aSubsetOfTablesIsRestoredByTheNamesUsersWrite() throws SQLException {
        TestPostgres.execute(db, "DELETE FROM user_profiles WHERE user_id <= 10");
        RestoreResult result = new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of("user_profiles"), RestoreMode.INSERT_MISSING)
                        .build());
        assertEquals(
                List.of(new TableRestoreResult("public.user_profiles", 9, 0, 0, profiles0.size() - 9, List.of())),
                result.tables());
        assertEquals(profiles0, profiles());
    }

    private RestoreResult restore(RestoreMode mode, boolean dryRun) {
        return new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of(), mode)
                        .dryRun(dryRun)
                        .build());
    }

    private Map<String, String> users() {
        return TestBackups.contents(db, "public.users", "id");
    }

    private Map<String, String> identities() {
        return TestBackups.contents(db, "public.user_identities", "id");
    }

    private Map<String, String> profiles() {
        return TestBackups.contents(db, "public.user_profiles", "user_id");
    }

    /** The rows of {@code kept}, plus those of {@code restored} whose key {@code kept} lacks. */
    private static Map<String, String> union(Map<String, String> kept, Map<String, String> restored) {
        Map<String, String> all = new TreeMap<>(restored);
        all.putAll(kept);
        return all;
    }
}
