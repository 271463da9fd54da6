package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.signing.SignatureCheck.Status;
import dev.accountbackup.engine.signing.SigningKeys;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.Forger;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restores from signed backups: a forged backup never reaches the database; safety copies are signed too. */
class SignedRestoreTest {

    private static final String GENUINE = "20261126T100000Z";
    private static final String FORGED = "20261127T100000Z";
    private static final String K1 = TestKeys.newKey();
    private static final String K2 = TestKeys.newKey();

    @TempDir
    Path dir;

    private static SigningKeys keys(String current, Map<String, String> byId) {
        Map<String, String> entries = new java.util.HashMap<>(byId);
        entries.put(SigningKeys.CURRENT, current);
        return SigningKeys.fromEntries(entries, "test keys");
    }

    private BackupLocation location(SigningKeys keys) {
        return new BackupLocation(new FilesystemStore(dir), "accounts").withSigning(keys);
    }

    /** The forgery of the issue: a copy under a newer id with one more user, checksums recomputed. */
    private static void forge(BackupLocation location) throws Exception {
        ObjectNode row = (ObjectNode) new ObjectMapper().readTree(Forger.lastRow(location, GENUINE, "users"));
        row.put("id", 999999);
        row.put("public_id", "00000000-0000-0000-0000-000000000999");
        row.put("email", "attacker@example.com");
        row.put("username", "attacker");
        Forger.copyWithExtraRow(location, GENUINE, FORGED, "users", row.toString(), false);
    }

    @Test
    void aForgedBackupIsNeverRestoredAndNothingIsWritten() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(40);
        BackupLocation signed = location(keys("k1", Map.of("k1", K1)));
        new Exporter()
                .export(new ExportRequest(db, SampleAccounts.TABLES, signed, GENUINE, Compression.ZSTD, Map.of()));
        forge(signed);
        TestPostgres.execute(db, "DELETE FROM users WHERE id > 30");
        Map<String, String> before = TestBackups.contents(db, "public.users", "id");

        // without a key the forgery is accepted as the latest backup: this is what the issue found
        RestoreResult unchecked = new Restorer()
                .restore(RestoreRequest.of(location(null), "latest", db, List.of("users"), RestoreMode.INSERT_MISSING)
                        .dryRun()
                        .build());
        assertEquals(FORGED, unchecked.backupId());
        assertEquals(11, unchecked.tables().get(0).inserted());

        BackupLocation safety = signed.sibling("safety");
        BackupException refused = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(signed, FORGED, db, List.of(), RestoreMode.REPLACE)
                                .safetyCopyTo(safety)
                                .build()));
        assertEquals(Kind.UNTRUSTED, refused.kind());
        assertTrue(
                refused.getMessage().startsWith("backup " + FORGED + " at ")
                        && refused.getMessage().contains("signature missing"),
                refused.getMessage());
        assertEquals(before, TestBackups.contents(db, "public.users", "id"), "nothing was written");
        assertEquals(List.of(), safety.catalog(), "not even a safety copy");

        RestoreResult latest = new Restorer()
                .restore(RestoreRequest.of(signed, "latest", db, List.of("users"), RestoreMode.INSERT_MISSING)
                        .safetyCopyTo(safety)
                        .build());
        assertEquals(GENUINE, latest.backupId(), "latest is the genuine backup");
        assertEquals(10, latest.tables().get(0).inserted());
    }

    @Test
    void safetyCopiesAreSignedAndOldBackupsRestoreAfterARotation() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(30);
        new Exporter()
                .export(new ExportRequest(
                        db,
                        SampleAccounts.TABLES,
                        location(keys("k1", Map.of("k1", K1))),
                        GENUINE,
                        Compression.ZSTD,
                        Map.of()));
        TestPostgres.execute(db, "UPDATE users SET display_name = 'changed' WHERE id <= 5");

        BackupLocation rotated = location(keys("k2", Map.of("k1", K1, "k2", K2)));
        BackupLocation safety = rotated.sibling("safety");
        RestoreResult result = new Restorer()
                .restore(RestoreRequest.of(rotated, GENUINE, db, List.of("users"), RestoreMode.UPSERT)
                        .safetyCopyTo(safety)
                        .build());
        assertEquals(5, result.tables().get(0).updated());
        assertNotNull(result.safetyBackupId());
        assertEquals(
                Status.VALID, safety.read(result.safetyBackupId()).signature().status());
        assertEquals(
                "k2",
                Forger.manifestTree(safety, result.safetyBackupId())
                        .get("signature")
                        .get("keyId")
                        .asText());

        BackupLocation oldKeyGone = location(keys("k2", Map.of("k2", K2)));
        BackupException refused = assertThrows(
                BackupException.class,
                () -> new Restorer()
                        .restore(RestoreRequest.of(oldKeyGone, GENUINE, db, List.of("users"), RestoreMode.UPSERT)
                                .build()));
        assertTrue(refused.getMessage().contains("signed with key k1, which is not configured"), refused.getMessage());
    }
}
