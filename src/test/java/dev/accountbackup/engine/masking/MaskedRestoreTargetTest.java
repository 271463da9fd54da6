package dev.accountbackup.engine.masking;

import static dev.accountbackup.engine.masking.MaskedRestoreTest.copy;
import static dev.accountbackup.engine.masking.MaskedRestoreTest.emptyTarget;
import static dev.accountbackup.engine.masking.MaskedRestoreTest.rows;
import static dev.accountbackup.engine.masking.MaskedRestoreTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.restore.Restorer;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masking rules checked against the target database's own columns, which may be stricter than the backup's: length
 * limits, NOT NULL and unique indexes refuse a rule before anything is written, and a check constraint that a masked
 * value breaks fails the restore with a message that says so, everything rolled back.
 */
class MaskedRestoreTargetTest {

    private static final String BACKUP = "20260102T000000Z";
    private static final MaskSalt SALT = MaskSalt.of("staging-salt-0123456789", "test");

    @TempDir
    static Path dir;

    private static DatabaseTarget source;
    private static BackupLocation location;

    @BeforeAll
    static void backUpFiftyAccounts() {
        source = TestPostgres.newAccountsDatabase(50);
        location = new BackupLocation(new FilesystemStore(dir), "accounts");
        new Exporter()
                .export(new ExportRequest(source, SampleAccounts.TABLES, location, BACKUP, Compression.ZSTD, Map.of()));
    }

    @Test
    void theTargetsLengthLimitsAndNotNullRefuseRulesBeforeAnythingIsWritten() {
        DatabaseTarget target = emptyTarget();
        TestPostgres.execute(target, """
                ALTER TABLE users ALTER COLUMN email TYPE varchar(20);
                ALTER TABLE users ALTER COLUMN password_hash TYPE varchar(10);
                ALTER TABLE user_profiles ALTER COLUMN website SET NOT NULL""");
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("public.users.email", "email");
        rules.put("public.users.password_hash", Map.of("constant", "$2b$10$masked-secret"));
        rules.put("public.user_profiles.website", "null");

        String message = refused(target, rules);

        assertTrue(
                message.contains("public.users.email: email needs at least 28 characters, the column holds 20"
                        + " in the target database"),
                message);
        assertTrue(
                message.contains("public.users.password_hash: the constant is longer than the column's 10 characters"),
                message);
        assertTrue(
                message.contains("public.user_profiles.website: null writes NULL, but the column is NOT NULL"),
                message);
        assertFalse(message.contains("masked-secret"), "a constant is never echoed");
        assertNothingWritten(target);
    }

    @Test
    void uniqueIndexesOfTheTargetRefuseRulesThatGiveRowsTheSameValue() {
        DatabaseTarget target = emptyTarget();
        TestPostgres.execute(target, """
                CREATE UNIQUE INDEX users_display_name_key ON users (display_name);
                ALTER TABLE users ALTER COLUMN username TYPE varchar(12)""");
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("public.users.display_name", "name");
        rules.put("public.users.username", "hash");
        rules.put("public.users.email", Map.of("constant", "nobody@example.com"));

        String message = refused(target, rules);

        assertTrue(
                message.contains("public.users.display_name: name can give different rows the same value, but the"
                        + " column is part of unique index users_display_name_key in the target database; use hash"),
                message);
        assertTrue(
                message.contains("public.users.username: hash can give different rows the same value, but the column"
                        + " is part of unique index users_username_key in the target database; use hash in a column"
                        + " of at least 16 characters"),
                message);
        assertTrue(message.contains("public.users.email: constant can give different rows the same value"), message);
        assertNothingWritten(target);
    }

    @Test
    void valuesAreMadeToFitTheTargetsShorterColumnsAndStayUnique() {
        DatabaseTarget target = emptyTarget();
        TestPostgres.execute(target, """
                ALTER TABLE users ALTER COLUMN username TYPE varchar(16);
                ALTER TABLE users ALTER COLUMN display_name TYPE varchar(6);
                ALTER TABLE users ALTER COLUMN email TYPE varchar(30)""");
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("public.users.display_name", "name");
        rules.put("public.users.username", "hash");
        rules.put("public.users.email", "email");

        RestoreResult first = restore(target, rules);
        DatabaseTarget again = emptyTarget();
        TestPostgres.execute(again, """
                ALTER TABLE users ALTER COLUMN username TYPE varchar(16);
                ALTER TABLE users ALTER COLUMN display_name TYPE varchar(6);
                ALTER TABLE users ALTER COLUMN email TYPE varchar(30)""");
        restore(again, rules);

        assertEquals(50, first.tables().get(0).inserted());
        List<String> usernames = values(target, "public.users", "username");
        assertEquals(50, new HashSet<>(usernames).size());
        assertTrue(usernames.stream().allMatch(u -> u.length() == 16), usernames.toString());
        assertTrue(values(target, "public.users", "display_name").stream().allMatch(n -> n.length() <= 6));
        List<String> emails = values(target, "public.users", "email");
        assertEquals(50, new HashSet<>(emails).size());
        assertTrue(
                emails.stream().allMatch(e -> e.length() <= 30 && e.matches("[0-9a-f]{16}@example\\.(com|org|net)")));
        assertEquals(rows(target, "public.users"), rows(again, "public.users"), "cut the same way every time");
    }

    @Test
    void aCheckConstraintThatAMaskedValueBreaksFailsTheRestoreAndSaysSo() {
        for (boolean empty : List.of(true, false)) {
            DatabaseTarget target = empty ? emptyTarget() : TestPostgres.newAccountsDatabase(10);
            TestPostgres.execute(
                    target, "ALTER TABLE users ADD CONSTRAINT phone_is_british CHECK (phone LIKE '+44%') NOT VALID");
            Map<String, String> before = rows(target, "public.users");

            BackupException e =
                    assertThrows(BackupException.class, () -> restore(target, Map.of("public.users.phone", "phone")));

            assertEquals(BackupException.Kind.INVALID, e.kind());
            assertTrue(
                    e.getMessage()
                            .contains("a masked value violates check constraint phone_is_british of table public.users"
                                    + " (masked column public.users.phone: phone): change the masking rule, or the"
                                    + " constraint in the target. Nothing was changed"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("+1-555"), "no masked value in the message");
            assertEquals(before, rows(target, "public.users"));
            assertEquals(
                    0,
                    TestPostgres.number(
                            target, "SELECT count(*) FROM pg_class WHERE relname = 'account_backup_masked_restore'"));
        }
    }

    private static String refused(DatabaseTarget target, Map<String, Object> rules) {
        BackupException e = assertThrows(BackupException.class, () -> restore(target, rules));
        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("the masking rules do not fit the target database: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("Nothing was written"), e.getMessage());
        return e.getMessage();
    }

    private static void assertNothingWritten(DatabaseTarget target) {
        for (String table : SampleAccounts.TABLES) {
            assertEquals(0, TestPostgres.rowCount(target, table), table);
        }
        assertEquals(
                0,
                TestPostgres.number(
                        target, "SELECT count(*) FROM pg_class WHERE relname = 'account_backup_masked_restore'"));
    }

    private static RestoreResult restore(DatabaseTarget target, Map<String, ?> rules) {
        return new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, target, List.of(), RestoreMode.REPLACE)
                        .maskedCopy(copy(rules, null, SALT))
                        .build());
    }
}
