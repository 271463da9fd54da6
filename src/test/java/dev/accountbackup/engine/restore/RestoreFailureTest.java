package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.ForwardingStore;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a restore can fail leaves the database exactly as it was, with a message that says why. */
class RestoreFailureTest {

    private static final String BACKUP = "20260101T000000Z";

    @TempDir
    Path dir;

    private DatabaseTarget db;
    private BackupLocation location;
    private Manifest manifest;
    private Map<String, String> usersWithoutPhoneAtBackup;
    private Map<String, String> profilesAtBackup;

    @BeforeEach
    void backUpAndLoseSomeAccounts() {
        db = TestPostgres.newAccountsDatabase(100);
        location = new BackupLocation(new FilesystemStore(dir), "accounts");
        manifest = TestBackups.write(db, location, BACKUP, SampleAccounts.TABLES);
        usersWithoutPhoneAtBackup = TestBackups.contents(db, "public.users", "id", "(to_jsonb(t) - 'phone')::text");
        profilesAtBackup = TestBackups.contents(db, "public.user_profiles", "user_id");
        TestPostgres.execute(db, "DELETE FROM users WHERE id % 4 = 2");
    }

    @Test
    void aDamagedFileIsFoundBeforeAnythingIsWritten() throws IOException {
        Path file = file(manifest.tables().get(2));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(BackupException.class, () -> restore(RestoreMode.INSERT_MISSING));

        assertEquals(Kind.CORRUPT, e.kind());
        assertTrue(
                e.getMessage().contains("public.user_profiles")
                        && e.getMessage().contains("SHA-256"),
                e.getMessage());
        assertEquals(before, everything());
    }

    @Test
    void aFileThatChangesAfterItWasVerifiedIsCaughtWhileLoading() throws IOException {
        TableEntry users = manifest.tables().get(0);
        String key = location.key(BACKUP, users.file());
        String lines = new String(
                manifest.compression()
                        .decompress(Files.newInputStream(file(users)))
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream replaced = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = manifest.compression().compress(replaced)) {
            out.write(lines.replace("\"is_active\":true", "\"is_active\":false")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        BackupLocation changing = new BackupLocation(
                new ChangingStore(new FilesystemStore(dir), key, replaced.toByteArray()), "accounts");
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(changing, BACKUP, db, List.of(), RestoreMode.INSERT_MISSING)
                                .build()));

        assertEquals(Kind.CORRUPT, e.kind());
        assertTrue(
                e.getMessage().contains("public.users") && e.getMessage().contains("does not match the manifest"),
                e.getMessage());
        assertEquals(before, everything());
    }

    /** Serves other bytes for one key from its second reading on, as if the file were replaced meanwhile. */
    private static final class ChangingStore extends ForwardingStore {
        private final String key;
        private final byte[] later;
        private int opened;

        ChangingStore(FilesystemStore files, String key, byte[] later) {
            super(files);
            this.key = key;
            this.later = later;
        }

        @Override
        public java.io.InputStream open(String k) throws IOException {
            if (k.equals(key) && ++opened > 1) {
                return new java.io.ByteArrayInputStream(later);
            }
            return delegate.open(k);
        }
    }

    @Test
    void aMissingFileIsReportedAndNothingIsWritten() throws IOException {
        Files.delete(file(manifest.tables().get(1)));
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(BackupException.class, () -> restore(RestoreMode.INSERT_MISSING));

        assertEquals(Kind.CORRUPT, e.kind());
        assertTrue(
                e.getMessage().contains("public.user_identities")
                        && e.getMessage().contains("missing"),
                e.getMessage());
        assertEquals(before, everything());
    }

    @Test
    void aRowThatIsNotValidJsonIsReportedWithoutItsContent() throws IOException {
        DatabaseTarget other = TestPostgres.newAccountsDatabase(3);
        BackupLocation hand = new BackupLocation(new FilesystemStore(dir), "hand-written");
        Manifest m = TestBackups.write(other, hand, BACKUP, List.of("public.users"));
        TableEntry users = m.tables().get(0);
        Path file = dir.resolve("hand-written").resolve(BACKUP).resolve(users.file());
        String lines = new String(
                dev.accountbackup.engine.manifest.Compression.ZSTD
                        .decompress(Files.newInputStream(file))
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String broken = lines.replaceFirst("(?s)(\\n[^\\n]*)\"email\":", "$1\"email\" \"secret@example.com\",\"x\":");
        rewrite(hand, m, users, file, broken);
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(hand, BACKUP, db, List.of(), RestoreMode.INSERT_MISSING)
                                .build()));

        assertEquals(Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("secret@example.com"), e.getMessage());
        assertEquals(before, everything());
    }

    /** A value that cannot be streamed and passes the limit fails cleanly: no OutOfMemoryError, no value in the message. */
    @Test
    void aJsonbDocumentLargerThanARestoreHoldsFailsNamingTableAndColumn() {
        DatabaseTarget other = TestPostgres.newDatabase();
        TestPostgres.execute(
                other,
                "CREATE TABLE settings (id int PRIMARY KEY, prefs jsonb);"
                        + " INSERT INTO settings VALUES (1, '{\"theme\": \"dark\"}'),"
                        + " (2, jsonb_build_object('notes', repeat('confidential ', 6000000)))");
        BackupLocation large = new BackupLocation(new FilesystemStore(dir), "large");
        TestBackups.write(other, large, BACKUP, List.of("public.settings"));
        TestPostgres.execute(other, "DELETE FROM settings");

        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(large, BACKUP, other, List.of(), RestoreMode.INSERT_MISSING)
                                .build()));

        assertEquals(Kind.INVALID, e.kind(), "not damage but a limit, which retrying cannot lift");
        assertTrue(
                e.getMessage().contains("public.settings")
                        && e.getMessage().contains("row 2, column prefs")
                        && e.getMessage().contains("64 MiB")
                        && e.getMessage().contains("Nothing was changed"),
                e.getMessage());
        assertFalse(e.getMessage().contains("confidential"), e.getMessage());
        assertEquals(Map.of(), TestBackups.contents(other, "public.settings", "id"));
    }

    @Test
    void aFileWithOtherRowsThanTheManifestSaysIsRejected() throws IOException {
        TableEntry users = manifest.tables().get(0);
        Path file = file(users);
        String lines = new String(
                manifest.compression().decompress(Files.newInputStream(file)).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        rewrite(location, manifest, users, file, lines.substring(0, lines.indexOf('\n') + 1));
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(BackupException.class, () -> restore(RestoreMode.INSERT_MISSING));

        assertEquals(Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("holds 1 rows, the manifest says 100"), e.getMessage());
        assertEquals(before, everything());
    }

    @Test
    void anAccountWhoseEmailWasTakenSinceCannotComeBackAndTheConstraintIsNamed() throws IOException {
        String takenEmail = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(usersWithoutPhoneAtBackup.get("6"))
                .get("email")
                .asText();
        TestPostgres.execute(
                db,
                "INSERT INTO users (public_id, email, username, password_hash, display_name)"
                        + " VALUES (md5('again')::uuid, '" + takenEmail + "', 'someone-else', 'x', 'Other')");
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(BackupException.class, () -> restore(RestoreMode.INSERT_MISSING));

        assertEquals(Kind.DATA, e.kind());
        assertTrue(
                e.getMessage().contains("public.users") && e.getMessage().contains("unique constraint users_email_key"),
                e.getMessage());
        assertFalse(e.getMessage().contains(takenEmail), e.getMessage());
        assertEquals(before, everything());
    }

    @Test
    void unknownTablesInTheSubsetAreAllNamed() {
        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(
                                        location,
                                        BACKUP,
                                        db,
                                        List.of("users", "orders", "public.invoices"),
                                        RestoreMode.INSERT_MISSING)
                                .build()));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("orders, public.invoices are not in backup " + BACKUP), e.getMessage());
    }

    @Test
    void aMissingTargetTableIsNamedAndNothingIsWritten() {
        TestPostgres.execute(db, "DROP TABLE user_profiles");
        Map<String, String> users = TestBackups.contents(db, "public.users", "id");

        BackupException e = assertThrows(BackupException.class, () -> restore(RestoreMode.INSERT_MISSING));

        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("table public.user_profiles does not exist"), e.getMessage());
        assertEquals(users, TestBackups.contents(db, "public.users", "id"));
    }

    @Test
    void aTableWithoutPrimaryKeyCanOnlyBeReplaced() {
        TestPostgres.execute(db, """
                CREATE TABLE audit_log (at timestamptz NOT NULL, actor text, note text);
                INSERT INTO audit_log VALUES ('2026-01-01 10:00Z', 'ann', 'login'), ('2026-01-01 10:00Z', 'ann', 'login'), ('2026-01-02 11:00Z', NULL, E'two\\nlines');""");
        BackupLocation logs = location.sibling("logs");
        TestBackups.write(db, logs, BACKUP, List.of("audit_log"));
        List<String> backedUp = TestBackups.sortedRows(db, "audit_log");
        TestPostgres.execute(
                db, "DELETE FROM audit_log WHERE actor IS NULL; INSERT INTO audit_log VALUES (now(), 'bob', 'later')");

        for (RestoreMode mode : List.of(RestoreMode.INSERT_MISSING, RestoreMode.UPSERT)) {
            BackupException e = assertThrows(
                    BackupException.class,
                    () -> new Restorer()
                            .restore(RestoreRequest.of(logs, BACKUP, db, List.of(), mode)
                                    .build()));
            assertEquals(Kind.INVALID, e.kind());
            assertTrue(
                    e.getMessage().contains("public.audit_log has no primary key")
                            && e.getMessage().contains("mode Replace"),
                    e.getMessage());
        }
        RestoreResult result = new Restorer()
                .restore(RestoreRequest.of(logs, BACKUP, db, List.of(), RestoreMode.REPLACE)
                        .build());
        assertEquals(List.of(new TableRestoreResult("public.audit_log", 3, 0, 3, 0, List.of())), result.tables());
        assertEquals(backedUp, TestBackups.sortedRows(db, "audit_log"));
    }

    @Test
    void aColumnDroppedSinceTheBackupIsSkippedAndReported() {
        TestPostgres.execute(db, "ALTER TABLE users DROP COLUMN phone");

        RestoreResult result = restore(RestoreMode.INSERT_MISSING);

        assertEquals(List.of("phone"), result.tables().get(0).skippedColumns());
        assertEquals(25, result.tables().get(0).inserted());
        assertTrue(
                result.warnings().stream().anyMatch(w -> w.contains("public.users") && w.contains("phone")),
                result.warnings().toString());
        Map<String, String> restored = TestBackups.contents(db, "public.users", "id", "to_jsonb(t)::text");
        assertEquals(usersWithoutPhoneAtBackup, restored);
    }

    @Test
    void aNewNotNullColumnWithoutDefaultStopsTheRestoreBeforeItWrites() {
        TestPostgres.execute(
                db,
                "ALTER TABLE user_profiles ADD COLUMN tenant text NOT NULL DEFAULT 't1'; ALTER TABLE user_profiles ALTER COLUMN tenant DROP DEFAULT");
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(BackupException.class, () -> restore(RestoreMode.INSERT_MISSING));

        assertEquals(Kind.INVALID, e.kind());
        assertTrue(
                e.getMessage().contains("public.user_profiles")
                        && e.getMessage().contains("column tenant"),
                e.getMessage());
        assertEquals(before, everything());
    }

    @Test
    void aNewNullableColumnIsLeftNullForRestoredRowsAndKeptForOthers() {
        TestPostgres.execute(
                db,
                "ALTER TABLE user_profiles ADD COLUMN pronouns text; UPDATE user_profiles SET pronouns = 'they' WHERE user_id = 1");

        RestoreResult result = restore(RestoreMode.UPSERT);

        assertEquals(List.of(), result.tables().get(2).skippedColumns());
        Map<String, String> pronouns =
                TestBackups.contents(db, "public.user_profiles", "user_id", "coalesce(pronouns, '<null>')");
        assertEquals("they", pronouns.get("1"));
        assertEquals("<null>", pronouns.get("2"));
        assertEquals(
                profilesAtBackup,
                TestBackups.contents(
                        db,
                        "public.user_profiles",
                        "user_id",
                        "(SELECT p::text FROM (SELECT t.user_id, t.bio, t.avatar_url, t.website, t.birth_date, t.timezone, t.address, t.marketing_opt_in,"
                                + " t.updated_at) p)"));
    }

    @Test
    void aValueTheTargetTypeCannotTakeNamesTableAndColumnButNotTheValue() {
        TestPostgres.execute(db, "ALTER TABLE users ALTER COLUMN phone TYPE bigint USING NULL");
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(BackupException.class, () -> restore(RestoreMode.INSERT_MISSING));

        assertEquals(Kind.DATA, e.kind());
        assertTrue(
                e.getMessage().contains("public.users")
                        && e.getMessage().contains("column phone (bigint)")
                        && e.getMessage().contains("not valid input"),
                e.getMessage());
        assertFalse(e.getMessage().contains("555"), e.getMessage());
        assertEquals(before, everything());
    }

    @Test
    void theSameTypeErrorIsReportedWhenLoadingStraightIntoAnEmptyTable() {
        TestPostgres.execute(db, "TRUNCATE users CASCADE; ALTER TABLE users ALTER COLUMN phone TYPE bigint USING NULL");

        BackupException e = assertThrows(BackupException.class, () -> restore(RestoreMode.REPLACE));

        assertEquals(Kind.DATA, e.kind());
        assertTrue(
                e.getMessage().contains("column phone (bigint)")
                        && e.getMessage().contains("row 1 of the backup file"),
                e.getMessage());
        assertFalse(e.getMessage().contains("555"), e.getMessage());
        assertEquals(0, TestBackups.contents(db, "public.users", "id").size());
    }

    @Test
    void aConstraintViolatedInTheSecondTableRollsBackTheFirst() {
        TestPostgres.execute(
                db, "ALTER TABLE user_identities ADD CONSTRAINT no_github CHECK (provider <> 'github') NOT VALID");
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(BackupException.class, () -> restore(RestoreMode.INSERT_MISSING));

        assertEquals(Kind.DATA, e.kind());
        assertTrue(
                e.getMessage().contains("restoring table public.user_identities")
                        && e.getMessage().contains("check constraint no_github"),
                e.getMessage());
        assertEquals(before, everything());
    }

    @Test
    void deletingRowsOtherTablesStillReferenceFailsAndNamesTheForeignKey() {
        TestPostgres.execute(db, """
                CREATE TABLE sessions (id int PRIMARY KEY, user_id bigint REFERENCES users (id));
                INSERT INTO users (id, public_id, email, username, password_hash, display_name)
                  VALUES (500, md5('500')::uuid, 'late@example.com', 'late', 'x', 'Late');
                INSERT INTO sessions VALUES (1, 500);""");
        Map<String, Map<String, String>> before = everything();

        BackupException e = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(location, BACKUP, db, List.of("users"), RestoreMode.REPLACE)
                                .build()));

        assertEquals(Kind.DATA, e.kind());
        assertTrue(
                e.getMessage().contains("foreign key constraint sessions_user_id_fkey")
                        && e.getMessage().contains("on table public.sessions"),
                e.getMessage());
        assertEquals(before, everything());
    }

    @Test
    void deletingRowsThatCascadeIntoTablesOutsideTheRestoreIsReported() {
        TestPostgres.execute(db, """
                CREATE TABLE orders (id int PRIMARY KEY, user_id bigint REFERENCES users (id) ON DELETE CASCADE);
                INSERT INTO users (id, public_id, email, username, password_hash, display_name)
                  VALUES (500, md5('500')::uuid, 'late@example.com', 'late', 'x', 'Late');
                INSERT INTO orders VALUES (1, 500);""");
        RestoreRequest replaceUsers = RestoreRequest.of(location, BACKUP, db, List.of("users"), RestoreMode.REPLACE)
                .dryRun()
                .build();

        RestoreResult dry = new Restorer().restore(replaceUsers);
        RestoreResult real = new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, db, List.of("users"), RestoreMode.REPLACE)
                        .build());

        for (RestoreResult result : List.of(dry, real)) {
            assertEquals(1, result.tables().get(0).deleted());
            assertTrue(
                    result.warnings().stream()
                            .anyMatch(w -> w.contains("deletes the rows of public.orders")
                                    && w.contains("orders_user_id_fkey")),
                    result.warnings().toString());
        }
        assertEquals(0, TestBackups.contents(db, "orders", "id").size());
    }

    @Test
    void aSecondRestoreFailsClearlyWhileTheTablesAreLockedAndADryRunStillWorks() throws Exception {
        Map<String, Map<String, String>> before = everything();
        try (Connection other = Connections.open(db)) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"); // what a restore in progress holds
            }
            long start = System.nanoTime();
            BackupException e = assertThrows(
                    BackupException.class,
                    () -> new Restorer(Duration.ofMillis(300))
                            .restore(RestoreRequest.of(location, BACKUP, db, List.of(), RestoreMode.INSERT_MISSING)
                                    .build()));
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(
                    e.getMessage().contains("cannot lock public.users")
                            && e.getMessage().contains("300 ms")
                            && e.getMessage().contains("another restore"),
                    e.getMessage());
            assertEquals(Kind.BUSY, e.kind());
            assertTrue(e.retryable());
            assertTrue(waited < 20_000, "waited " + waited + " ms");
            assertEquals(before, everything());

            RestoreResult dry = new Restorer(Duration.ofMillis(300))
                    .restore(RestoreRequest.of(location, BACKUP, db, List.of(), RestoreMode.INSERT_MISSING)
                            .dryRun()
                            .build());
            assertEquals(25, dry.tables().get(0).inserted());
            other.rollback();
        }
        assertEquals(25, restore(RestoreMode.INSERT_MISSING).tables().get(0).inserted());
    }

    private RestoreResult restore(RestoreMode mode) {
        return new Restorer()
                .restore(
                        RestoreRequest.of(location, BACKUP, db, List.of(), mode).build());
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

    /** Replaces a table file with other rows and updates the manifest to match, as a faulty writer could have. */
    private static void rewrite(BackupLocation location, Manifest m, TableEntry table, Path file, String lines)
            throws IOException {
        TestBackups.forge(location, m, table, file, lines, table.rows());
    }
}
