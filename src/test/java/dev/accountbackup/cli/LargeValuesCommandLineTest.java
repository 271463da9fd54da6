package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a JVM with a small heap, as the operator's container has: a backup with
 * values of tens of megabytes is exported and restored exactly, with memory that does not grow
 * with the values.
 */
class LargeValuesCommandLineTest {

    /** The heap an export of the row needs: it holds the row once, as PostgreSQL sends it. */
    private static final String EXPORT_HEAP = "-Xmx256m";
    /** A restore streams the values: far less than the values' size is enough. */
    private static final String RESTORE_HEAP = "-Xmx96m";

    @TempDir
    Path dir;

    @Test
    void aRowWithA50MbTextAndA30MbByteaIsExportedIn256MbAndRestoredIn96MbOfHeap() throws Exception {
        DatabaseTarget db = TestPostgres.newDatabase();
        // text with every character COPY and JSON escape, multi-byte characters, and bytes of every value
        TestPostgres.execute(
                db,
                "CREATE TABLE documents (id int PRIMARY KEY, body text, scan bytea);"
                        + " INSERT INTO documents SELECT 1,"
                        + "  (SELECT string_agg(md5(i::text) || E'\\t\"\\\\é😀\\n\\r', '') FROM generate_series(1, 1200000) i),"
                        + "  (SELECT decode(string_agg(md5(i::text), ''), 'hex') FROM generate_series(1, 1875000) i);"
                        + " INSERT INTO documents VALUES (2, 'small', '\\x00ff')");
        List<String> before = checksums(db);
        assertTrue(before.get(0).startsWith("1 5"), "the text is over 50 MB: " + before.get(0));

        String to = dir.resolve("backups").toUri().toString();
        Run export = cli(EXPORT_HEAP, "export", "--database", url(db), "--tables", "documents", "--to", to);
        assertEquals(0, export.exitCode(), export.output());

        TestPostgres.execute(db, "DELETE FROM documents");
        Run restore = cli(RESTORE_HEAP, "restore", "--from", to, "--database", url(db), "--mode", "insert-missing");
        assertEquals(0, restore.exitCode(), restore.output());
        assertFalse(restore.output().contains("OutOfMemoryError"), restore.output());
        assertEquals(before, checksums(db), "both rows are back byte for byte");
    }

    private record Run(int exitCode, String output) {}

    /** The real command line in a child JVM with a small heap. */
    private Run cli(String heap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "cli", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Per row: id, length and md5 of the text, length and md5 of the bytes. */
    private static List<String> checksums(DatabaseTarget db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT id, octet_length(body), md5(body), length(scan), md5(scan) FROM documents ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getLong(4) + " "
                        + rs.getString(5));
            }
        }
        return rows;
    }
}
