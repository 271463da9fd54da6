package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.ForwardingStore;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Before rows are overwritten or deleted, their current content is saved; restoring that copy undoes the restore. */
class RestoreSafetyCopyTest {

    private static final String BACKUP = "20260101T000000Z";

    @TempDir
    Path dir;

    private DatabaseTarget db;
    private BackupLocation location;
    private BackupLocation safety;

    @BeforeEach
    void backUpThenChangeAccounts() {
        db = TestPostgres.newAccountsDatabase(60);
        location = new BackupLocation(new FilesystemStore(dir), "accounts");
        safety = location.sibling("safety");
        TestBackups.write(db, location, BACKUP, SampleAccounts.TABLES);
    }

    private void changeAccounts() {
        TestPostgres.execute(db, """
                DELETE FROM users WHERE id % 3 = 0;
                UPDATE users SET display_name = 'changed', roles = '{admin}' WHERE id IN (1, 2, 4);
                UPDATE user_profiles SET bio = E'new\\tbio \\\\ "quoted"' WHERE user_id = 5;
                INSERT INTO users (public_id, email, username, password_hash, display_name)
                  VALUES (md5('n1')::uuid, 'n1@example.com', 'n1', 'x', 'N1');""");
    }

    @Test
    void anUpsertThatChangesRowsSavesThemFirstAndTheCopyUndoesTheRestore() {
        changeAccounts();
        Map<String, Map<String, String>> beforeRestore = everything();

        RestoreResult result = new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of(), RestoreMode.UPSERT)
                        .safetyCopyTo(safety, Map.of("accountbackup.dev/restore", "team-a/undo-me"))
                        .build());

        assertNotNull(result.safetyBackupId());
        Manifest copy = safety.readManifest(result.safetyBackupId());
        // the caller's labels, and the erasure ledger version the restore applied (none here)
        assertEquals(
                Map.of("accountbackup.dev/restore", "team-a/undo-me", "accountbackup.dev/erasure-ledger-version", "0"),
                copy.labels());
        assertEquals(
                List.of("public.users", "public.user_identities", "public.user_profiles"),
                copy.tables().stream().map(TableEntry::displayName).toList());
        assertEquals(
                beforeRestore.get("users").size(),
                copy.table("public", "users").orElseThrow().rows());
        assertTrue(!beforeRestore.equals(everything()), "the restore changed rows");

        new Restorer()
                .restore(RestoreRequest.of(safety, result.safetyBackupId(), db, List.of(), RestoreMode.REPLACE)
                        .build());

        assertEquals(beforeRestore, everything());
    }

    @Test
    void aReplaceThatOnlyDeletesRowsSavesThemFirst() {
        TestPostgres.execute(
                db,
                "INSERT INTO users (public_id, email, username, password_hash, display_name)"
                        + " VALUES (md5('n1')::uuid, 'n1@example.com', 'n1', 'x', 'N1')");
        Map<String, Map<String, String>> beforeRestore = everything();

        RestoreResult result = new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of("users"), RestoreMode.REPLACE)
                        .safetyCopyTo(safety)
                        .build());

        assertEquals(1, result.tables().get(0).deleted());
        assertEquals(60, TestBackups.contents(db, "public.users", "id").size());
        assertEquals(
                List.of("public.users"),
                safety.readManifest(result.safetyBackupId()).tables().stream()
                        .map(TableEntry::displayName)
                        .toList());
        assertEquals(beforeRestore.get("users"), restoredCopy(result));
    }

    @Test
    void restoresThatChangeNoRowsTakeNoCopy() {
        changeAccounts();
        RestoreResult insertMissing = new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of(), RestoreMode.INSERT_MISSING)
                        .safetyCopyTo(safety)
                        .build());
        assertNull(insertMissing.safetyBackupId());
        RestoreResult dryRun = new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of(), RestoreMode.UPSERT)
                        .dryRun()
                        .safetyCopyTo(safety)
                        .build());
        assertNull(dryRun.safetyBackupId());
        assertTrue(dryRun.tables().get(0).updated() > 0);

        DatabaseTarget unchanged = TestPostgres.newAccountsDatabase(60);
        RestoreResult upsertOfSameRows = new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, unchanged, List.of(), RestoreMode.UPSERT)
                        .safetyCopyTo(safety)
                        .build());
        assertNull(upsertOfSameRows.safetyBackupId());

        assertEquals(List.of(), safety.list());
    }

    @Test
    void whenTheSafetyCopyCannotBeWrittenNothingIsChanged() {
        changeAccounts();
        Map<String, Map<String, String>> beforeRestore = everything();
        BackupLocation full = new BackupLocation(new DiskFullStore(new FilesystemStore(dir.resolve("full"))), "safety");

        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(location, BACKUP, db, List.of(), RestoreMode.UPSERT)
                                .safetyCopyTo(full)
                                .build()));

        assertEquals(BackupException.Kind.STORAGE, e.kind());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(beforeRestore, everything());
    }

    /** A store whose every write fails as on a full disk. */
    private static final class DiskFullStore extends ForwardingStore {
        DiskFullStore(FilesystemStore files) {
            super(files);
        }

        @Override
        public StoreOutput create(String key) throws IOException {
            throw new IOException("No space left on device");
        }
    }

    /** The users table as the safety copy holds it, loaded into an empty database. */
    private Map<String, String> restoredCopy(RestoreResult result) {
        DatabaseTarget scratch = TestPostgres.newDatabase();
        try (java.sql.Connection c = TestPostgres.connect(scratch)) {
            SampleAccounts.createSchema(c);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        new Restorer()
                .restore(RestoreRequest.of(
                                safety, result.safetyBackupId(), scratch, List.of("users"), RestoreMode.REPLACE)
                        .build());
        return TestBackups.contents(scratch, "public.users", "id");
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
