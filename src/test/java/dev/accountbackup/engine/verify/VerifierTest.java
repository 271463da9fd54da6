package dev.accountbackup.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoreKind;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.engine.verify.FileCheck.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VerifierTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

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

    private BackupLocation location(StoreKind kind) {
        store = kind.open(tempDir);
        return new BackupLocation(store, "shop/accounts-nightly");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void intactBackupVerifies(StoreKind kind) throws Exception {
        BackupLocation location = location(kind);
        Manifest manifest =
                TestBackups.write(location, "20261126T100000Z", T0, Compression.ZSTD, TestBackups.accounts(500));

        VerifyReport report = verifier.verify(location, "latest");

        assertTrue(report.ok(), report.summary());
        assertEquals("20261126T100000Z", report.backupId());
        assertEquals(3, report.files().size());
        for (int i = 0; i < 3; i++) {
            TableEntry table = manifest.tables().get(i);
            FileCheck check = report.files().get(i);
            assertEquals(table.displayName(), check.table());
            assertEquals(table.file(), check.file());
            assertEquals(table.bytes(), check.actualBytes());
            assertEquals(table.sha256(), check.actualSha256());
            assertEquals(table.rows(), check.actualRows());
            assertNull(check.problem());
            assertNull(check.detail());
        }
        assertEquals(
                List.of(500L, 2L, 0L),
                report.files().stream().map(FileCheck::actualRows).toList());
        assertEquals(
                "backup 20261126T100000Z at " + location.uri("20261126T100000Z")
                        + " is intact (unsigned): 3 file(s), 502 rows, " + manifest.totalBytes() + " bytes checked",
                report.summary());
        report.requireOk();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void gzipBackupAndAMultipartSizedFileVerify(StoreKind kind) throws Exception {
        BackupLocation location = location(kind);
        // incompressible rows: the stored file is larger than one S3 upload part
        Random random = new Random(7);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 45_000; i++) {
            byte[] noise = new byte[120];
            random.nextBytes(noise);
            rows.add("{\"id\":" + i + ",\"avatar\":\""
                    + java.util.Base64.getEncoder().encodeToString(noise) + "\"}");
        }
        Manifest manifest =
                TestBackups.write(location, "20261126T100000Z", T0, Compression.GZIP, Map.of("users", rows));
        assertTrue(
                manifest.tables().get(0).bytes() > 5 << 20,
                "file should span parts: " + manifest.tables().get(0).bytes());

        VerifyReport report = verifier.verify(location, "20261126T100000Z");
        assertTrue(report.ok(), report.summary());
        assertEquals(45_000, report.files().get(0).actualRows());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void flippedByteIsAChecksumMismatch(StoreKind kind) throws Exception {
        BackupLocation location = location(kind);
        Manifest manifest =
                TestBackups.write(location, "20261126T100000Z", T0, Compression.ZSTD, TestBackups.accounts(200));
        TableEntry users = manifest.tables().get(0);
        byte[] content = read(location, manifest, users);
        content[content.length / 2] ^= 0x01;
        replace(location, manifest, users, content);

        VerifyReport report = verifier.verify(location, "latest");

        assertFalse(report.ok());
        FileCheck check = report.files().get(0);
        assertEquals(Problem.CHECKSUM_MISMATCH, check.problem());
        assertEquals(users.bytes(), check.actualBytes());
        assertEquals(sha256(content), check.actualSha256());
        assertEquals(users.sha256(), check.expectedSha256());
        assertTrue(check.detail().contains("damaged or changed after the backup"), check.detail());
        assertTrue(report.files().get(1).ok() && report.files().get(2).ok(), "other files are intact");
        assertEquals(List.of(check), report.problems());
        assertTrue(
                report.summary()
                        .endsWith("is damaged: 1 of 3 file(s) do not match the manifest: " + users.file()
                                + " (checksum mismatch)"),
                report.summary());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void truncatedFileIsASizeMismatch(StoreKind kind) throws Exception {
        BackupLocation location = location(kind);
        Manifest manifest =
                TestBackups.write(location, "20261126T100000Z", T0, Compression.ZSTD, TestBackups.accounts(200));
        TableEntry identities = manifest.tables().get(1);
        byte[] content = read(location, manifest, identities);
        replace(location, manifest, identities, Arrays.copyOf(content, content.length - 5));

        FileCheck check = verifier.verify(location, "latest").files().get(1);

        assertEquals(Problem.SIZE_MISMATCH, check.problem());
        assertEquals(content.length - 5, check.actualBytes());
        assertEquals(identities.bytes(), check.expectedBytes());
        assertTrue(check.detail().contains("(truncated)"), check.detail());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void missingFileIsReported(StoreKind kind) throws Exception {
        BackupLocation location = location(kind);
        Manifest manifest =
                TestBackups.write(location, "20261126T100000Z", T0, Compression.ZSTD, TestBackups.accounts(20));
        TableEntry profiles = manifest.tables().get(2);
        store.delete(location.key(manifest.backupId(), profiles.file()));

        VerifyReport report = verifier.verify(location, manifest.backupId());

        FileCheck check = report.files().get(2);
        assertEquals(Problem.MISSING, check.problem());
        assertEquals(-1, check.actualBytes());
        assertNull(check.actualSha256());
        assertTrue(
                check.detail().startsWith("file " + profiles.file() + " of table public.user_profiles is missing"),
                check.detail());
        BackupException e = assertThrows(BackupException.class, report::requireOk);
        assertEquals(BackupException.Kind.CORRUPT, e.kind());
        assertTrue(
                e.getMessage().contains(check.detail())
                        && e.getMessage().endsWith("Nothing was changed: use another backup"),
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void manifestWithMoreRowsThanTheFileIsReported(StoreKind kind) throws Exception {
        BackupLocation location = location(kind);
        Manifest written =
                TestBackups.write(location, "20261126T100000Z", T0, Compression.ZSTD, TestBackups.accounts(50));
        TableEntry users = written.tables().get(0);
        Manifest edited = withTable(
                written,
                0,
                new TableEntry(
                        users.schema(),
                        users.name(),
                        users.file(),
                        users.rows() + 1,
                        users.bytes(),
                        users.sha256(),
                        users.primaryKey(),
                        users.columns()));
        location.writeManifest(edited);

        FileCheck check = verifier.verify(location, "latest").files().get(0);

        assertEquals(Problem.ROW_COUNT_MISMATCH, check.problem());
        assertEquals(51, check.expectedRows());
        assertEquals(50, check.actualRows());
        assertEquals(
                "file " + users.file() + " of table public.users holds 50 rows, the manifest records 51",
                check.detail());
        FileCheck hashOnly = verifier.check(location, edited, edited.tables().get(0), false);
        assertTrue(hashOnly.ok(), "without counting only size and hash are compared");
        assertEquals(-1, hashOnly.actualRows());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void contentThatMatchesTheManifestButIsNotCompressedIsUnreadable(StoreKind kind) throws Exception {
        BackupLocation location = location(kind);
        Manifest written =
                TestBackups.write(location, "20261126T100000Z", T0, Compression.ZSTD, TestBackups.accounts(3));
        TableEntry users = written.tables().get(0);
        byte[] plain = "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n".getBytes(StandardCharsets.UTF_8);
        replace(location, written, users, plain);
        location.writeManifest(withTable(
                written,
                0,
                new TableEntry(
                        users.schema(),
                        users.name(),
                        users.file(),
                        3,
                        plain.length,
                        sha256(plain),
                        users.primaryKey(),
                        users.columns())));

        FileCheck check = verifier.verify(location, "latest").files().get(0);

        assertEquals(Problem.UNREADABLE, check.problem());
        assertEquals(plain.length, check.actualBytes(), "the whole file is hashed even when decompression fails");
        assertTrue(check.detail().contains("cannot be decompressed as zstd"), check.detail());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void lastRowWithoutEndOfLineIsUnreadable(StoreKind kind) throws Exception {
        BackupLocation location = location(kind);
        Map<String, List<String>> tables = new LinkedHashMap<>();
        tables.put("users", List.of("{\"id\":1}"));
        Manifest written = TestBackups.write(location, "20261126T100000Z", T0, Compression.GZIP, tables);
        TableEntry users = written.tables().get(0);
        byte[] cut = gzip("{\"id\":1}\n{\"id\":2");
        replace(location, written, users, cut);
        location.writeManifest(withTable(
                written,
                0,
                new TableEntry(
                        users.schema(),
                        users.name(),
                        users.file(),
                        2,
                        cut.length,
                        sha256(cut),
                        users.primaryKey(),
                        users.columns())));

        FileCheck check = verifier.verify(location, "latest").files().get(0);

        assertEquals(Problem.UNREADABLE, check.problem());
        assertTrue(check.detail().contains("last line is incomplete"), check.detail());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void latestIsTheNewestCompleteBackupAndUnknownIdsAreClear(StoreKind kind) throws Exception {
        BackupLocation location = location(kind);
        TestBackups.write(location, "20261126T100000Z", T0, Compression.ZSTD, TestBackups.accounts(5));
        TestBackups.write(
                location, "20261127T100000Z", T0.plusSeconds(86_400), Compression.ZSTD, TestBackups.accounts(6));

        assertEquals("20261127T100000Z", verifier.verify(location, "latest").backupId());
        assertEquals(
                "20261126T100000Z",
                verifier.verify(location, "20261126T100000Z").backupId());
        BackupException e = assertThrows(BackupException.class, () -> verifier.verify(location, "20200101T000000Z"));
        assertEquals(BackupException.Kind.INVALID, e.kind());
    }

    private static Manifest withTable(Manifest m, int index, TableEntry table) {
        List<TableEntry> tables = new ArrayList<>(m.tables());
        tables.set(index, table);
        return new Manifest(
                m.formatVersion(),
                m.backupId(),
                m.startedAt(),
                m.completedAt(),
                m.source(),
                m.compression(),
                m.labels(),
                tables);
    }

    private static byte[] read(BackupLocation location, Manifest m, TableEntry table) throws IOException {
        try (InputStream in = location.store().open(location.key(m.backupId(), table.file()))) {
            return in.readAllBytes();
        }
    }

    private static void replace(BackupLocation location, Manifest m, TableEntry table, byte[] content)
            throws IOException {
        try (StoreOutput out = location.store().create(location.key(m.backupId(), table.file()))) {
            out.write(content);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = Compression.GZIP.compress(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
