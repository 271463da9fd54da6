package dev.accountbackup.engine.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSample;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masked staging copies restored from a real backup of the sample accounts into real databases:
 * no original value of a masked column survives, joins still match, the same salt gives the same
 * copy, samples are referentially complete, and bad rules stop the restore before it writes.
 */
class MaskedRestoreTest {

    private static final String BACKUP = "20260101T000000Z";
    private static final MaskSalt SALT = MaskSalt.of("staging-salt-0123456789", "test");
    private static final MaskSalt OTHER_SALT = MaskSalt.of("another-environment-salt", "test");
    private static final List<String> TABLES = SampleAccounts.TABLES;

    /** Every masked column of the sample schema, with its rule. */
    static final Map<String, Object> RULES = new LinkedHashMap<>();

    static {
        RULES.put("public.users.id", "hash");
        RULES.put("public.user_identities.user_id", "hash");
        RULES.put("public.user_profiles.user_id", "hash");
        RULES.put("public.users.public_id", "hash");
        RULES.put("public.users.email", "email");
        RULES.put("public.users.username", "hash");
        RULES.put("public.users.display_name", "name");
        RULES.put("public.users.phone", "phone");
        RULES.put("public.users.password_hash", Map.of("constant", "$2b$10$masked"));
        RULES.put("public.users.totp_secret", "null");
        RULES.put("public.user_identities.provider_uid", "hash");
        RULES.put("public.user_identities.provider_email", "email");
        RULES.put("public.user_identities.raw_claims", "null");
        RULES.put("public.user_profiles.bio", "redact");
        RULES.put("public.user_profiles.birth_date", "null");
        RULES.put("public.user_profiles.address", "null");
        RULES.put("public.user_profiles.website", "address");
    }

    @TempDir
    static Path dir;

    private static DatabaseTarget source;
    private static BackupLocation location;

    @BeforeAll
    static void backUpTwoHundredAccounts() {
        source = TestPostgres.newAccountsDatabase(200);
        location = new BackupLocation(new FilesystemStore(dir), "accounts");
        new Exporter().export(new ExportRequest(source, TABLES, location, BACKUP, Compression.ZSTD, Map.of()));
    }

    @Test
    void noOriginalValueOfAMaskedColumnIsLeftAnywhereInTheTarget() throws SQLException {
        DatabaseTarget target = emptyTarget();
        RestoreResult result = restore(target, RestoreMode.REPLACE, copy(RULES, null, SALT), false);

        assertEquals(200, TestPostgres.rowCount(target, "public.users"));
        assertEquals(
                TestPostgres.rowCount(source, "public.user_identities"),
                TestPostgres.rowCount(target, "public.user_identities"));
        List<String> everything = allValues(target);
        for (String column : RULES.keySet()) {
            String[] parts = column.split("\\.");
            if (parts[2].equals("id") || parts[2].equals("user_id")) {
                continue; // small numbers: checked below as keys
            }
            for (String original : values(source, parts[0] + "." + parts[1], parts[2])) {
                boolean shortNumber = original.matches("\\d{1,9}"); // such digits occur in other columns too
                if (original.length() >= 4 && !shortNumber) {
                    assertFalse(
                            everything.stream().anyMatch(v -> v.contains(original)),
                            "an original value of " + column + " is in the target");
                }
            }
        }
        Set<String> originalIds = new HashSet<>(values(source, "public.users", "id"));
        Set<String> maskedIds = new HashSet<>(values(target, "public.users", "id"));
        assertEquals(200, maskedIds.size());
        assertTrue(Collections.disjoint(originalIds, maskedIds), "user ids kept");
        assertTrue(maskedIds.stream().allMatch(id -> Long.parseLong(id) > 0), "positive keys stay positive");
        assertEquals(
                List.of("$2b$10$masked"), List.copyOf(new HashSet<>(values(target, "public.users", "password_hash"))));
        assertEquals(0, TestPostgres.number(target, "SELECT count(*) FROM user_profiles WHERE bio <> ''"));
        assertEquals(0, TestPostgres.number(target, "SELECT count(*) FROM user_profiles WHERE birth_date IS NOT NULL"));
        assertEquals(200, TestPostgres.number(target, "SELECT count(*) FROM users WHERE email LIKE '%@example.___'"));
        assertTrue(
                result.masked().contains("public.users.email: email"),
                result.masked().toString());
        assertFalse(result.masked().toString().contains("$2b$10$masked"), "the constant is not reported");
    }

    @Test
    void joinsAcrossTablesStillMatch() {
        DatabaseTarget target = emptyTarget();
        restore(target, RestoreMode.REPLACE, copy(RULES, null, SALT), false);

        String perUser = "SELECT (SELECT count(*) FROM user_identities i WHERE i.user_id = u.id)"
                + " || '/' || (SELECT count(*) FROM user_profiles p WHERE p.user_id = u.id) FROM users u";
        assertEquals(sorted(strings(source, perUser)), sorted(strings(target, perUser)));
        // the unmasked columns of a user's rows still meet across the join
        String joined = "SELECT u.locale || ':' || i.provider || ':' || p.timezone FROM users u"
                + " JOIN user_identities i ON i.user_id = u.id JOIN user_profiles p ON p.user_id = u.id";
        assertEquals(sorted(strings(source, joined)), sorted(strings(target, joined)));
    }

    @Test
    void theSameSaltGivesTheSameCopyAndAnotherSaltAnotherOne() {
        DatabaseTarget first = emptyTarget();
        DatabaseTarget second = emptyTarget();
        DatabaseTarget other = emptyTarget();
        restore(first, RestoreMode.REPLACE, copy(RULES, null, SALT), false);
        restore(second, RestoreMode.REPLACE, copy(RULES, null, SALT), false);
        restore(other, RestoreMode.REPLACE, copy(RULES, null, OTHER_SALT), false);

        for (String table : TABLES) {
            assertEquals(rows(first, table), rows(second, table), table);
        }
        Set<String> emails = new HashSet<>(values(first, "public.users", "email"));
        Set<String> otherEmails = new HashSet<>(values(other, "public.users", "email"));
        assertTrue(Collections.disjoint(emails, otherEmails), "another salt gives other e-mails");
        assertNotEquals(rows(first, "public.users"), rows(other, "public.users"));

        // restoring the same masked copy again changes nothing
        RestoreResult again = restore(first, RestoreMode.UPSERT, copy(RULES, null, SALT), false);
        again.tables().forEach(t -> assertEquals(0, t.inserted() + t.updated() + t.deleted(), t.table()));
    }

    @Test
    void similarEmailsStayUnique() {
        DatabaseTarget crowded = TestPostgres.newAccountsDatabase(3000);
        TestPostgres.execute(crowded, """
                UPDATE users SET email = CASE id % 3 WHEN 0 THEN 'alice+' || id || '@example.com'
                  WHEN 1 THEN 'Alice+' || id || '@Example.com' ELSE 'alice' || id || '@example.co' END""");
        BackupLocation crowdedBackups = new BackupLocation(new FilesystemStore(dir), "crowded");
        new Exporter().export(new ExportRequest(crowded, TABLES, crowdedBackups, BACKUP, Compression.ZSTD, Map.of()));
        DatabaseTarget target = emptyTarget();

        new Restorer()
                .restore(RestoreRequest.of(crowdedBackups, BACKUP, target, List.of(), RestoreMode.REPLACE)
                        .maskedCopy(copy(Map.of("public.users.email", "email"), null, SALT))
                        .build());

        assertEquals(3000, TestPostgres.number(target, "SELECT count(DISTINCT lower(email)) FROM users"));
    }

    @Test
    void aSampleRestoresItsAccountsWithEverythingTheyOwnAndNoOrphans() {
        DatabaseTarget target = TestPostgres.newAccountsDatabase(200); // Replace: the tables end up holding the sample
        RestoreResult result = restore(target, RestoreMode.REPLACE, copy(RULES, 25, SALT), false);

        assertEquals(25, result.sampledAccounts());
        assertEquals(25, TestPostgres.rowCount(target, "public.users"));
        assertEquals(0, TestPostgres.number(target, """
                SELECT count(*) FROM user_identities i WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = i.user_id)"""));
        assertEquals(0, TestPostgres.number(target, """
                SELECT count(*) FROM user_profiles p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id)"""));
        // every sampled account came with all of its identities and its profile
        DatabaseTarget unmasked = emptyTarget();
        restore(
                unmasked,
                RestoreMode.REPLACE,
                new MaskedCopy(null, SALT, new AccountSample("public.users", 25)),
                false);
        List<String> sampledIds = values(unmasked, "public.users", "id");
        assertEquals(25, sampledIds.size());
        String ids = String.join(",", sampledIds);
        for (String table : List.of("user_identities", "user_profiles")) {
            assertEquals(
                    TestPostgres.number(source, "SELECT count(*) FROM " + table + " WHERE user_id IN (" + ids + ")"),
                    TestPostgres.rowCount(unmasked, "public." + table),
                    table);
        }
        assertEquals(
                TestPostgres.contents(
                        source,
                        "(SELECT * FROM public.user_identities WHERE user_id IN (" + ids + "))",
                        "t.id",
                        "t::text"),
                rows(unmasked, "public.user_identities"));
        // the same salt picks the same accounts; another salt others
        DatabaseTarget again = emptyTarget();
        restore(again, RestoreMode.REPLACE, new MaskedCopy(null, SALT, new AccountSample("public.users", 25)), false);
        assertEquals(sorted(sampledIds), sorted(values(again, "public.users", "id")));
        DatabaseTarget other = emptyTarget();
        restore(
                other,
                RestoreMode.REPLACE,
                new MaskedCopy(null, OTHER_SALT, new AccountSample("public.users", 25)),
                false);
        assertNotEquals(sorted(sampledIds), sorted(values(other, "public.users", "id")));
    }

    @Test
    void theTargetIsMarkedAsAMaskedCopyAndADryRunLeavesNoMark() {
        DatabaseTarget target = emptyTarget();
        restore(target, RestoreMode.REPLACE, copy(RULES, null, SALT), true);
        assertEquals(
                0,
                TestPostgres.number(
                        target, "SELECT count(*) FROM pg_class WHERE relname = 'account_backup_masked_restore'"));

        restore(target, RestoreMode.REPLACE, copy(RULES, null, SALT), false);
        restore(target, RestoreMode.UPSERT, copy(RULES, null, SALT), false);

        assertEquals(2, TestPostgres.rowCount(target, "public.account_backup_masked_restore"));
        List<String> marked = strings(
                target, "SELECT array_to_string(masked_columns, ';') FROM public.account_backup_masked_restore");
        assertTrue(marked.get(0).contains("public.users.email: email"), marked.get(0));
        assertEquals(
                BACKUP,
                strings(target, "SELECT backup_id FROM public.account_backup_masked_restore")
                        .get(0));
    }

    @Test
    void rulesThatDoNotFitTheBackupStopTheRestoreBeforeItWrites() {
        DatabaseTarget target = TestPostgres.newAccountsDatabase(10);
        Map<String, String> before = rows(target, "public.users");
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("public.nothing.email", "not among the backup's tables");
        problems.put("public.users.nothing", "is not a column of public.users");
        problems.put("public.users.created_at", "cannot apply to a column of this type");
        problems.put("public.users.is_active", "cannot apply to a column of this type");
        for (Map.Entry<String, String> p : problems.entrySet()) {
            String rule = p.getKey().endsWith("is_active") ? "email" : "hash";
            BackupException e = assertThrows(
                    BackupException.class,
                    () -> restore(target, RestoreMode.REPLACE, copy(Map.of(p.getKey(), rule), null, SALT), false));
            assertEquals(BackupException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains(p.getValue()), e.getMessage());
        }
        assertMessage(target, Map.of("public.users.email", "null"), "writes NULL, but the column is NOT NULL");
        assertMessage(target, Map.of("public.users.id", "name"), "part of the primary key");
        assertMessage(
                target,
                Map.of("public.users.id", "hash"),
                "public.user_identities.user_id references public.users.id, masked with hash (bigint) there but"
                        + " not at all here");
        assertMessage(
                target,
                Map.of("public.users.id", "hash", "public.user_identities.user_id", "hash"),
                "public.user_profiles.user_id references public.users.id");
        assertMessage(target, Map.of("public.users.email", Map.of("constant", "x".repeat(5000))), "longer than");
        assertEquals(before, rows(target, "public.users"));
        assertEquals(
                0,
                TestPostgres.number(
                        target, "SELECT count(*) FROM pg_class WHERE relname = 'account_backup_masked_restore'"));
    }

    @Test
    void byColumnNameMasksPersonalLookingColumnsUnlessARuleKeepsThem() {
        DatabaseTarget target = emptyTarget();
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("public.users.display_name", "keep");
        RestoreResult result = new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, target, List.of(), RestoreMode.REPLACE)
                        .maskedCopy(new MaskedCopy(MaskingRules.parse(rules, "byColumnName"), SALT, null))
                        .build());

        assertTrue(
                result.masked().contains("public.users.email: email (by column name)"),
                result.masked().toString());
        assertTrue(
                result.masked().contains("public.users.phone: phone (by column name)"),
                result.masked().toString());
        assertTrue(result.masked().contains("public.users.username: hash (by column name)"));
        assertTrue(result.masked().contains("public.user_profiles.birth_date: null (by column name)"));
        assertTrue(result.masked().contains("public.user_profiles.address: null (by column name)"));
        assertTrue(
                result.masked().contains("public.user_identities.provider_email: email (by column name)"),
                result.masked().toString());
        assertFalse(result.masked().toString().contains("display_name"), "keep exempts a column");
        assertFalse(result.masked().toString().contains("email_verified"), "a boolean is no e-mail");
        assertEquals(rows(source, "public.users", "display_name"), rows(target, "public.users", "display_name"));
    }

    private static void assertMessage(DatabaseTarget target, Map<String, Object> rules, String expected) {
        BackupException e = assertThrows(
                BackupException.class, () -> restore(target, RestoreMode.REPLACE, copy(rules, null, SALT), false));
        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("xxxxxxxx"), "a constant is never echoed");
    }

    static MaskedCopy copy(Map<String, ?> rules, Integer sample, MaskSalt salt) {
        return new MaskedCopy(
                MaskingRules.parse(rules, null),
                salt,
                sample == null ? null : new AccountSample("public.users", sample));
    }

    private static RestoreResult restore(DatabaseTarget target, RestoreMode mode, MaskedCopy copy, boolean dryRun) {
        return new Restorer()
                .restore(RestoreRequest.of(location, BACKUP, target, List.of(), mode)
                        .dryRun(dryRun)
                        .maskedCopy(copy)
                        .build());
    }

    static DatabaseTarget emptyTarget() {
        DatabaseTarget db = TestPostgres.newDatabase();
        try (Connection c = TestPostgres.connect(db)) {
            SampleAccounts.createSchema(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    /** Every value of every column of the sample tables, as text. */
    static List<String> allValues(DatabaseTarget db) throws SQLException {
        List<String> all = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            String v = rs.getString(i);
                            if (v != null) {
                                all.add(v);
                            }
                        }
                    }
                }
            }
        }
        return all;
    }

    static List<String> values(DatabaseTarget db, String table, String column) {
        return strings(db, "SELECT " + column + "::text FROM " + table + " WHERE " + column + " IS NOT NULL");
    }

    static List<String> strings(DatabaseTarget db, String query) {
        List<String> result = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    /** Whole rows by id, to compare contents. */
    static Map<String, String> rows(DatabaseTarget db, String table) {
        String key = table.contains("user_profiles") ? "user_id" : "id";
        return TestPostgres.contents(db, table, "t." + key, "t::text");
    }

    /** One column's values by id. */
    static Map<String, String> rows(DatabaseTarget db, String table, String column) {
        return TestPostgres.contents(db, table, "t.id", "t." + column);
    }

    static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }
}
