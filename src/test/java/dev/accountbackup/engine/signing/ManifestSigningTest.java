package dev.accountbackup.engine.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.retention.RetentionPolicy;
import dev.accountbackup.engine.retention.RetentionResult;
import dev.accountbackup.engine.retention.RetentionRunner;
import dev.accountbackup.engine.signing.SignatureCheck.Status;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoreKind;
import dev.accountbackup.engine.storage.StoredBackup;
import dev.accountbackup.engine.verify.FileCheck.Problem;
import dev.accountbackup.engine.verify.TestBackups;
import dev.accountbackup.engine.verify.Verifier;
import dev.accountbackup.engine.verify.VerifyReport;
import dev.accountbackup.testing.Forger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signed manifests, and every forgery an attacker with write access to the storage tries next. */
class ManifestSigningTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final String GENUINE = "20261126T100000Z";
    private static final String FORGED = "20261127T100000Z";
    private static final String EXTRA_ROW = "{\"id\":999999,\"email\":\"attacker@example.com\"}";
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    static final String K1 = TestKeys.newKey();
    static final String K2 = TestKeys.newKey();

    @TempDir
    Path tempDir;

    private BackupStore store;
    private final Verifier verifier = new Verifier();

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static SigningKeys keys(String current, Map<String, String> byId) {
        Map<String, String> entries = new java.util.HashMap<>(byId);
        entries.put(SigningKeys.CURRENT, current);
        return SigningKeys.fromEntries(entries, "test keys");
    }

    private BackupLocation unsigned(StoreKind kind) {
        if (store == null) {
            store = kind.open(tempDir);
        }
        return new BackupLocation(store, "shop/accounts").withClock(NOW);
    }

    private BackupLocation signedWith(StoreKind kind, SigningKeys keys) {
        return unsigned(kind).withSigning(keys);
    }

    private Manifest genuine(BackupLocation location, String id, Instant started) throws Exception {
        return TestBackups.write(location, id, started, Compression.ZSTD, TestBackups.accounts(20));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theForgeryOfTheIssueIsRefusedByVerifyAndNeverTakenAsLatest(StoreKind kind) throws Exception {
        BackupLocation location = signedWith(kind, keys("k1", Map.of("k1", K1)));
        genuine(location, GENUINE, T0);
        Forger.copyWithExtraRow(location, GENUINE, FORGED, "users", EXTRA_ROW, false);

        // before signing, this forged backup verified as intact and was the latest: its checksums are all consistent
        assertTrue(verifier.verify(unsigned(kind), FORGED).ok());

        BackupException refused = assertThrows(BackupException.class, () -> verifier.verify(location, FORGED));
        assertEquals(Kind.UNTRUSTED, refused.kind());
        assertTrue(
                refused.getMessage().startsWith("backup " + FORGED + " at ")
                        && refused.getMessage().contains("signature missing"),
                refused.getMessage());
        assertEquals(GENUINE, location.resolve("latest").backupId(), "the forged, newer backup is never the latest");
        assertEquals(
                List.of(GENUINE),
                location.list().stream().map(Manifest::backupId).toList());
        StoredBackup flagged = location.catalog().stream()
                .filter(b -> b.backupId().equals(FORGED))
                .findFirst()
                .orElseThrow();
        assertFalse(flagged.usable());
        assertTrue(flagged.problem().contains("signature missing"), flagged.problem());

        VerifyReport report = verifier.verify(location, "latest");
        assertTrue(report.ok());
        assertEquals("signed with key k1", report.signature());
    }

    @Test
    void aForgeryKeepingTheOriginalSignatureDoesNotMatchIt() throws Exception {
        BackupLocation location = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        genuine(location, GENUINE, T0);
        Forger.copyWithExtraRow(location, GENUINE, FORGED, "users", EXTRA_ROW, true);

        BackupException refused = assertThrows(BackupException.class, () -> location.readManifest(FORGED));
        assertEquals(Kind.UNTRUSTED, refused.kind());
        assertTrue(
                refused.getMessage().contains("backup " + FORGED)
                        && refused.getMessage().contains("signature does not match key k1"),
                refused.getMessage());
    }

    @Test
    void reSigningWithTheAttackersOwnKeyIsRefusedWhateverIdItClaims() throws Exception {
        BackupLocation location = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        genuine(location, GENUINE, T0);
        ObjectNode forged = Forger.copyWithExtraRow(location, GENUINE, FORGED, "users", EXTRA_ROW, false);

        new ManifestSigner(keys("k1", Map.of("k1", TestKeys.newKey()))).sign(forged);
        Forger.writeManifestTree(location, FORGED, forged);
        assertEquals(Status.MISMATCH, statusOf(location, FORGED));

        new ManifestSigner(keys("attacker", Map.of("attacker", TestKeys.newKey()))).sign(forged);
        Forger.writeManifestTree(location, FORGED, forged);
        BackupException refused = assertThrows(BackupException.class, () -> location.readManifest(FORGED));
        assertTrue(
                refused.getMessage().contains("signed with key attacker, which is not configured"),
                refused.getMessage());
    }

    @Test
    void editingAnyFieldOfASignedManifestBreaksTheSignature() throws Exception {
        BackupLocation location = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        genuine(location, GENUINE, T0);
        ObjectNode original = Forger.manifestTree(location, GENUINE);

        ObjectNode label = original.deepCopy();
        ((ObjectNode) label.get("labels")).put("test", "no");
        ObjectNode rows = original.deepCopy();
        ((ObjectNode) rows.get("tables").get(0)).put("rows", 21);
        ObjectNode downgraded = original.deepCopy();
        downgraded.put("formatVersion", 0);
        ObjectNode otherAlgorithm = original.deepCopy();
        ((ObjectNode) otherAlgorithm.get("signature")).put("algorithm", "none");
        ObjectNode addedField = original.deepCopy();
        addedField.put("note", "harmless?");
        for (ObjectNode edited : List.of(label, rows, downgraded, addedField)) {
            Forger.writeManifestTree(location, GENUINE, edited);
            assertEquals(Status.MISMATCH, statusOf(location, GENUINE), edited.toString());
        }
        Forger.writeManifestTree(location, GENUINE, otherAlgorithm);
        assertEquals(Status.MALFORMED, statusOf(location, GENUINE));

        // the same content, differently laid out, still matches: the signature covers canonical bytes
        Forger.writeManifestTree(location, GENUINE, original);
        byte[] compact = original.toString().getBytes(StandardCharsets.UTF_8);
        Forger.write(location, location.key(GENUINE, Manifest.FILE_NAME), compact);
        assertEquals(Status.VALID, statusOf(location, GENUINE));
    }

    @Test
    void aMemberGivenTwiceIsRefusedBeforeAnySignatureIsChecked() throws Exception {
        BackupLocation location = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        genuine(location, GENUINE, T0);
        String json = Forger.manifestTree(location, GENUINE).toString();
        String twice = json.replaceFirst("\\{", "{\"backupId\":\"" + FORGED + "\",");
        Forger.write(location, location.key(GENUINE, Manifest.FILE_NAME), twice.getBytes(StandardCharsets.UTF_8));

        BackupException e = assertThrows(BackupException.class, () -> location.readManifest(GENUINE));
        assertEquals(Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("Duplicate field 'backupId'"), e.getMessage());
    }

    @Test
    void swappingTableFilesBetweenTwoGenuineBackupsIsCaughtByTheSignedChecksums() throws Exception {
        BackupLocation location = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        Manifest first = genuine(location, GENUINE, T0);
        TestBackups.write(location, FORGED, T0.plusSeconds(86400), Compression.ZSTD, TestBackups.accounts(30));
        String usersFile = first.tables().get(0).file();
        Forger.write(
                location, location.key(GENUINE, usersFile), Forger.read(location, location.key(FORGED, usersFile)));

        VerifyReport report = verifier.verify(location, GENUINE);
        assertFalse(report.ok());
        assertEquals(Problem.SIZE_MISMATCH, report.problems().get(0).problem());
        assertThrows(BackupException.class, report::requireOk);
    }

    @Test
    void aSignedBackupCopiedIntoAnotherFolderIsNotThatBackup() throws Exception {
        BackupLocation location = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        genuine(location, GENUINE, T0);
        Forger.write(
                location,
                location.key(FORGED, Manifest.FILE_NAME),
                Forger.read(location, location.key(GENUINE, Manifest.FILE_NAME)));

        BackupException e = assertThrows(BackupException.class, () -> location.readManifest(FORGED));
        assertTrue(e.getMessage().contains("describes backup " + GENUINE + ", not " + FORGED), e.getMessage());
        assertEquals(GENUINE, location.resolve("latest").backupId());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aBackupDatedInTheFutureIsNeverLatestWithOrWithoutKeys(StoreKind kind) throws Exception {
        for (BackupLocation location : List.of(unsigned(kind), signedWith(kind, keys("k1", Map.of("k1", K1))))) {
            genuine(location, GENUINE, T0);
            genuine(location, "20991231T000000Z", Instant.parse("2099-12-31T00:00:00Z"));
            // an id in the future with a plausible start time is suspect too
            genuine(location, "20991230T000000Z", T0.plusSeconds(60));

            assertEquals(GENUINE, location.resolve("latest").backupId());
            List<StoredBackup> flagged =
                    location.catalog().stream().filter(b -> !b.usable()).toList();
            assertEquals(2, flagged.size());
            assertTrue(
                    flagged.get(0).problem().contains("in the future"),
                    flagged.get(0).problem());
            // still restorable by its id, if a person decides it is genuine
            assertEquals(
                    "20991231T000000Z",
                    location.readManifest("20991231T000000Z").backupId());
        }
        // within the clock-skew allowance it is a normal backup
        BackupLocation location = unsigned(kind);
        String soon = dev.accountbackup.engine.BackupIds.fromTime(NOW.instant().plusSeconds(120));
        genuine(location, soon, NOW.instant().plusSeconds(120));
        assertEquals(soon, location.resolve("latest").backupId());
    }

    @Test
    void afterARotationOldBackupsStayUsableWhileTheirKeyIsConfigured() throws Exception {
        BackupLocation before = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        genuine(before, GENUINE, T0);

        BackupLocation rotated = unsigned(StoreKind.FILESYSTEM).withSigning(keys("k2", Map.of("k1", K1, "k2", K2)));
        genuine(rotated, FORGED, T0.plusSeconds(86400));
        assertEquals(
                "k2",
                Forger.manifestTree(rotated, FORGED)
                        .get("signature")
                        .get("keyId")
                        .asText());
        assertEquals(
                List.of(FORGED, GENUINE),
                rotated.list().stream().map(Manifest::backupId).toList());
        assertEquals("signed with key k1", verifier.verify(rotated, GENUINE).signature());

        BackupLocation oldKeyRemoved = unsigned(StoreKind.FILESYSTEM).withSigning(keys("k2", Map.of("k2", K2)));
        BackupException refused = assertThrows(BackupException.class, () -> verifier.verify(oldKeyRemoved, GENUINE));
        assertTrue(refused.getMessage().contains("signed with key k1, which is not configured"), refused.getMessage());
        assertEquals(
                List.of(FORGED),
                oldKeyRemoved.list().stream().map(Manifest::backupId).toList());
    }

    @Test
    void withoutKeysNothingChangesAndSignaturesAreReportedUnchecked() throws Exception {
        BackupLocation signed = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        genuine(signed, GENUINE, T0);
        BackupLocation plain = unsigned(StoreKind.FILESYSTEM);
        genuine(plain, FORGED, T0.plusSeconds(86400));

        assertNull(Forger.manifestTree(plain, FORGED).get("signature"), "no keys: written unsigned, as before");
        assertEquals(
                List.of(FORGED, GENUINE),
                plain.list().stream().map(Manifest::backupId).toList());
        assertEquals("unsigned", verifier.verify(plain, FORGED).signature());
        assertEquals(
                "signed with key k1, not checked: no signing key configured",
                verifier.verify(plain, GENUINE).signature());
        assertTrue(verifier.verify(plain, FORGED).summary().contains("intact (unsigned)"));
    }

    @Test
    void retentionNeitherKeepsNorDeletesWhatItCannotTrustAndSaysSo() throws Exception {
        BackupLocation location = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        genuine(location, GENUINE, T0);
        genuine(location, "20261126T110000Z", T0.plusSeconds(3600));
        Forger.copyWithExtraRow(location, GENUINE, FORGED, "users", EXTRA_ROW, false);

        RetentionResult result = RetentionRunner.run(location, RetentionPolicy.parse(1, null, null), NOW.instant());

        assertEquals(List.of(GENUINE), result.deleted(), "the forged backup is not counted as the one kept");
        assertEquals(
                List.of("20261126T110000Z"),
                result.plan().keep().stream().map(e -> e.backupId()).toList());
        assertEquals(1, result.leftAlone().size());
        assertTrue(
                result.leftAlone().get(0).startsWith("backup " + FORGED + " neither kept nor deleted: ")
                        && result.leftAlone().get(0).contains("signature missing"),
                result.leftAlone().get(0));
        assertTrue(store.exists(location.key(FORGED, Manifest.FILE_NAME)), "left for a person to look at");
    }

    @Test
    void signingKeysAreCheckedAndNeverShown() {
        assertEquals(
                "SigningKeys[current=k1, ids=[k1]]",
                keys("k1", Map.of("k1", K1)).toString());
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        BackupException tooShort = assertThrows(BackupException.class, () -> keys("k1", Map.of("k1", shortKey)));
        assertTrue(
                tooShort.getMessage().contains("holds 16 bytes, fewer than the 32")
                        && !tooShort.getMessage().contains(shortKey),
                tooShort.getMessage());
        assertThrows(BackupException.class, () -> keys("k3", Map.of("k1", K1)));
        assertThrows(BackupException.class, () -> keys("k1", Map.of("k1", "not base64 !")));
        assertThrows(BackupException.class, () -> keys("../k", Map.of("../k", K1)));
        assertThrows(BackupException.class, () -> SigningKeys.fromEntries(Map.of("k1", K1), "test keys"));
    }

    @Test
    void theSignatureSitsInsideTheManifestAndNamesItsKeyOnly() throws Exception {
        BackupLocation location = signedWith(StoreKind.FILESYSTEM, keys("k1", Map.of("k1", K1)));
        genuine(location, GENUINE, T0);
        ObjectNode stored = Forger.manifestTree(location, GENUINE);

        assertEquals("HMAC-SHA256", stored.get("signature").get("algorithm").asText());
        assertEquals("k1", stored.get("signature").get("keyId").asText());
        assertEquals(
                32,
                Base64.getDecoder().decode(stored.get("signature").get("value").asText()).length);
        assertFalse(stored.toString().contains(K1));
        assertEquals(GENUINE, ManifestJson.fromTree(stored, "test").backupId());
    }

    private static Status statusOf(BackupLocation location, String id) {
        try {
            return location.read(id).signature().status();
        } catch (BackupException e) {
            for (Status s : Status.values()) {
                SignatureCheck check = new SignatureCheck(s, "k1");
                if (!check.trusted() && e.getMessage().contains(check.describe())) {
                    return s;
                }
            }
            throw e;
        }
    }
}
