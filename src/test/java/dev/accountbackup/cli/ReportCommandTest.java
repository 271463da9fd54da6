package dev.accountbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor's report: every kept backup with its contents and checksums, and whether it still verifies. */
class ReportCommandTest {

    private static final List<String> TABLES = List.of("public.users", "public.user_identities");

    @TempDir
    Path root;

    private List<Manifest> backups;

    @BeforeEach
    void twoBackups() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(6);
        BackupLocation location = new BackupLocation(new FilesystemStore(root), "");
        Instant now = Instant.now();
        backups = List.of(
                new Exporter()
                        .export(new ExportRequest(
                                db,
                                TABLES,
                                location,
                                BackupIds.fromTime(now.minusSeconds(86400)),
                                Compression.ZSTD,
                                Map.of())),
                new Exporter()
                        .export(new ExportRequest(
                                db, TABLES, location, BackupIds.fromTime(now), Compression.GZIP, Map.of())));
    }

    @Test
    void jsonReportListsEveryBackupWithTablesRowsSizesAndChecksums() throws Exception {
        Run run = run("report", "--from", root.toUri().toString(), "--output", "json");
        assertEquals(0, run.exit, run.err);
        JsonNode report = new ObjectMapper().readTree(run.out);
        assertTrue(report.get("verified").asBoolean());
        assertEquals(2, report.get("backups").size());
        for (int i = 0; i < 2; i++) {
            Manifest expected = backups.get(1 - i); // newest first
            JsonNode b = report.get("backups").get(i);
            assertEquals(expected.backupId(), b.get("backupId").asText());
            assertTrue(b.get("verified").asBoolean());
            assertEquals(expected.totalRows(), b.get("rows").asLong());
            assertEquals(expected.totalBytes(), b.get("bytes").asLong());
            for (int t = 0; t < expected.tables().size(); t++) {
                TableEntry entry = expected.tables().get(t);
                JsonNode table = b.get("tables").get(t);
                assertEquals(entry.displayName(), table.get("table").asText());
                assertEquals(entry.rows(), table.get("rows").asLong());
                assertEquals(entry.bytes(), table.get("bytes").asLong());
                assertEquals(entry.sha256(), table.get("sha256").asText());
                assertTrue(table.get("verified").asBoolean());
            }
        }
    }

    @Test
    void aDamagedBackupFailsTheReport() throws Exception {
        Manifest damaged = backups.get(0);
        TableEntry users = damaged.tables().get(0);
        Path file = root.resolve(damaged.backupId()).resolve(users.file());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);

        Run text = run("report", "--from", root.toUri().toString());
        assertEquals(Main.FAILED, text.exit);
        assertTrue(text.out.contains(damaged.backupId() + "  DAMAGED"), text.out);
        assertTrue(text.out.contains(backups.get(1).backupId() + "  VERIFIED"), text.out);
        assertTrue(text.out.contains("1 of 2 backup(s) failed verification"), text.out);

        JsonNode report =
                new ObjectMapper().readTree(run("report", "--from", root.toUri().toString(), "--output", "json").out);
        assertFalse(report.get("verified").asBoolean());
        JsonNode table = report.get("backups").get(1).get("tables").get(0);
        assertFalse(table.get("verified").asBoolean());
        assertEquals("CHECKSUM_MISMATCH", table.get("problem").asText());
    }

    @Test
    void anEmptyFolderReportsNoBackups() {
        Run run = run("report", "--from", root.resolve("nothing-here").toUri().toString());
        assertEquals(0, run.exit, run.err);
        assertTrue(run.out.contains(": 0"), run.out);
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }
}
