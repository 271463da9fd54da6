package dev.accountbackup.cli;

import static dev.accountbackup.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.accountbackup.engine.accounts.AccountDocument;
import dev.accountbackup.engine.crypto.TestKeys;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.AccountGraphDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export-account as a data protection officer runs it: one account's data as a document to hand over. */
class ExportAccountCommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    @TempDir
    Path dir;

    /** Which rows of each table belong to account {@code id}, as SQL the test trusts. */
    private static Map<String, String> accountRows(long id) {
        Map<String, String> where = new LinkedHashMap<>();
        where.put("public.users", "id = " + id);
        where.put("public.identities", "user_id = " + id);
        where.put("public.user_roles", "user_id = " + id);
        where.put("public.profiles", "user_id = " + id);
        where.put(
                "public.sessions",
                "(provider, uid) IN (SELECT provider, uid FROM identities WHERE user_id = " + id + ")");
        return where;
    }

    private String backup(DatabaseTarget db, String... extra) {
        Path backups = dir.resolve("backups");
        List<String> args = new ArrayList<>(List.of(
                "export",
                "--database",
                AccountGraphDatabase.url(db),
                "--tables",
                AccountGraphDatabase.TABLES,
                "--to",
                backups.toUri().toString()));
        args.addAll(List.of(extra));
        CliRun export = run(args.toArray(String[]::new));
        assertEquals(0, export.exitCode(), export.err());
        return backups.toUri().toString();
    }

    @Test
    void anAccountFromABackupAndFromTheDatabaseHoldsExactlyItsRows() throws Exception {
        DatabaseTarget db = AccountGraphDatabase.create(12);
        String from = backup(db);
        Path fromBackup = dir.resolve("out/account-4.json");
        Path fromDatabase = dir.resolve("out/live-4.json");

        CliRun exported =
                run("export-account", "--from", from, "--account", "public.users=4", "--to", fromBackup.toString());
        CliRun live = run(
                "export-account",
                "--database",
                AccountGraphDatabase.url(db),
                "--account",
                "public.users=4",
                "--to",
                fromDatabase.toString());

        assertEquals(0, exported.exitCode(), exported.err());
        assertEquals(0, live.exitCode(), live.err());
        assertTrue(exported.out().contains("sha256sum -c " + fromBackup + ".sha256"), exported.out());
        JsonNode document = JSON.readTree(fromBackup.toFile());
        JsonNode liveDocument = JSON.readTree(fromDatabase.toFile());
        assertEquals("4", document.get("account").get("key").asText());
        assertEquals("public.users", document.get("account").get("table").asText());
        assertTrue(document.get("source").get("backupId").asText().matches("\\d{8}T\\d{6}Z.*"), document.toString());
        assertEquals(
                db.database(), liveDocument.get("source").get("liveDatabase").asText());
        assertEquals(
                List.of("public.users", "public.identities", "public.user_roles", "public.profiles", "public.sessions"),
                fieldNames(document.get("tables")),
                "every table of the graph, parents first, and no lookup table (roles)");
        assertEquals(
                document.get("tables"), liveDocument.get("tables"), "an unchanged account reads the same from both");
        for (Map.Entry<String, String> table : accountRows(4).entrySet()) {
            Set<Map<String, String>> expected = rowsBySql(db, table.getKey(), table.getValue());
            assertFalse(expected.isEmpty(), table.getKey());
            assertEquals(expected, rowsOf(document.get("tables").get(table.getKey())), table.getKey());
        }
        assertEquals(2, document.get("tables").get("public.identities").size());
        assertEquals(4, document.get("tables").get("public.sessions").size());
    }

    @Test
    void theDocumentsSha256VerifiesAndChangesWithOneByte() throws Exception {
        DatabaseTarget db = AccountGraphDatabase.create(5);
        String from = backup(db);
        Path file = dir.resolve("account.json");

        CliRun exported = run("export-account", "--from", from, "--account", "public.users=3", "--to", file.toString());

        assertEquals(0, exported.exitCode(), exported.err());
        String line = Files.readString(dir.resolve("account.json.sha256"));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(sha256(bytes) + "  account.json\n", line, "the line sha256sum -c checks");
        bytes[bytes.length / 2] ^= 1;
        assertNotEquals(sha256(bytes), line.substring(0, 64));
    }

    @Test
    void anUnknownKeyIsAClearErrorAndNothingIsWritten() throws Exception {
        DatabaseTarget db = AccountGraphDatabase.create(5);
        String from = backup(db);
        Path file = dir.resolve("account.json");

        CliRun missing =
                run("export-account", "--from", from, "--account", "public.users=3,999", "--to", file.toString());
        CliRun noMatch = run(
                "export-account",
                "--database",
                AccountGraphDatabase.url(db),
                "--account-match",
                "public.users.email=nobody@example.org",
                "--to",
                file.toString());
        CliRun unknownColumn = run(
                "export-account", "--from", from, "--account-match", "public.users.mail=x", "--to", file.toString());

        assertEquals(Main.FAILED, missing.exitCode());
        assertTrue(
                missing.err().contains("not found in backup") && missing.err().contains("999"), missing.err());
        assertEquals(Main.FAILED, noMatch.exitCode());
        assertTrue(noMatch.err().contains("no account of public.users matches"), noMatch.err());
        assertFalse(noMatch.err().contains("nobody@example.org"), noMatch.err());
        assertEquals(Main.FAILED, unknownColumn.exitCode());
        assertTrue(unknownColumn.err().contains("column mail is not a column of public.users"), unknownColumn.err());
        assertFalse(Files.exists(file));
    }

    @Test
    void severalAccountsGoToAFolderOneDocumentEach() throws Exception {
        DatabaseTarget db = AccountGraphDatabase.create(5);
        String from = backup(db);

        CliRun toFile = run(
                "export-account",
                "--from",
                from,
                "--account",
                "public.users=2,3",
                "--to",
                dir.resolve("one.json").toString());
        CliRun toFolder = run(
                "export-account",
                "--from",
                from,
                "--account",
                "public.users=2,3",
                "--to",
                dir.resolve("dsar") + "/",
                "--output",
                "json");

        assertEquals(Main.FAILED, toFile.exitCode());
        assertTrue(toFile.err().contains("2 accounts match: give --to a folder"), toFile.err());
        assertEquals(0, toFolder.exitCode(), toFolder.err());
        JsonNode written = JSON.readTree(toFolder.out()).get("documents");
        assertEquals(2, written.size());
        for (String key : List.of("2", "3")) {
            JsonNode document =
                    JSON.readTree(dir.resolve("dsar/account-" + key + ".json").toFile());
            assertEquals(key, document.get("account").get("key").asText());
            assertEquals(
                    key,
                    document.get("tables").get("public.users").get(0).get("id").asText());
            assertTrue(Files.exists(dir.resolve("dsar/account-" + key + ".json.sha256")));
        }
    }

    @Test
    void aKeyNamesItsFileOnlyWhenItIsPlainText() {
        byte[] json = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertEquals(
                "account-4711.json", ExportAccountCommand.fileName(new AccountDocument("public.users", "4711", json)));
        String hostile = ExportAccountCommand.fileName(new AccountDocument("public.users", "../../etc/passwd", json));
        assertTrue(hostile.matches("account-sha256-[0-9a-f]{16}\\.json"), hostile);
    }

    @Test
    void encryptedAndSignedBackupsAreReadWithTheirKeys() throws Exception {
        DatabaseTarget db = AccountGraphDatabase.create(5);
        Path encryption = dir.resolve("backup.keys");
        Files.writeString(encryption, "current=k1\nk1=" + TestKeys.newKey() + "\n");
        Path signing = dir.resolve("signing.keys");
        Files.writeString(signing, "current=s1\ns1=" + TestKeys.newKey() + "\n");
        String from =
                backup(db, "--encryption-key-file", encryption.toString(), "--signing-key-file", signing.toString());
        Path file = dir.resolve("account.json");

        CliRun withoutKey =
                run("export-account", "--from", from, "--account", "public.users=5", "--to", file.toString());
        CliRun withKeys = run(
                "export-account",
                "--from",
                from,
                "--account",
                "public.users=5",
                "--to",
                file.toString(),
                "--encryption-key-file",
                encryption.toString(),
                "--signing-key-file",
                signing.toString());

        assertEquals(Main.FAILED, withoutKey.exitCode());
        assertTrue(withoutKey.err().contains("key"), withoutKey.err());
        assertEquals(0, withKeys.exitCode(), withKeys.err());
        JsonNode document = JSON.readTree(file.toFile());
        assertEquals(
                rowsBySql(db, "public.profiles", "user_id = 5"),
                rowsOf(document.get("tables").get("public.profiles")));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Rows as column -> text, the way PostgreSQL prints them; json values compared as parsed JSON. */
    private static Set<Map<String, String>> rowsBySql(DatabaseTarget db, String table, String where) throws Exception {
        try (Connection c = Connections.open(db);
                Statement st = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            List<String> types = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE false")) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnName(i));
                    types.add(md.getColumnTypeName(i));
                }
            }
            String select =
                    columns.stream().map(col -> "format('%s', " + col + ")").collect(Collectors.joining(", "));
            Set<Map<String, String>> rows = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT " + select + " FROM " + table + " WHERE " + where)) {
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        String value = rs.getString(i + 1);
                        if (value != null && types.get(i).equals("jsonb")) {
                            value = JSON.readTree(value).toString();
                        } else if (value != null && types.get(i).equals("bool")) {
                            value = value.equals("t") ? "true" : "false";
                        }
                        row.put(columns.get(i), value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static Set<Map<String, String>> rowsOf(JsonNode rows) {
        Set<Map<String, String>> result = new HashSet<>();
        for (JsonNode row : rows) {
            Map<String, String> values = new LinkedHashMap<>();
            row.fields()
                    .forEachRemaining(f -> values.put(
                            f.getKey(),
                            f.getValue().isNull()
                                    ? null
                                    : f.getValue().isContainerNode()
                                            ? f.getValue().toString()
                                            : f.getValue().asText()));
            result.add(values);
        }
        return result;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
