package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.Identifiers;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.catalog.ValueEncoding;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.SourceInfo;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.testing.TestPostgres;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes backups in the JSON Lines format for restore tests, independently of the exporter: each
 * row's JSON is built by PostgreSQL from the column values following the format's rules.
 */
final class TestBackups {

    private TestBackups() {}

    static Manifest write(DatabaseTarget db, BackupLocation location, String backupId, List<String> tables) {
        return write(db, location, backupId, tables, Compression.ZSTD);
    }

    static Manifest write(
            DatabaseTarget db, BackupLocation location, String backupId, List<String> tables, Compression compression) {
        Instant started = Instant.now();
        try (Connection c = Connections.open(db)) {
            List<TableSchema> schemas = new TableResolver(c).resolveAll(tables);
            List<TableEntry> entries = new ArrayList<>();
            for (int i = 0; i < schemas.size(); i++) {
                entries.add(writeTable(c, location, backupId, i, schemas.get(i), compression));
            }
            Manifest manifest = new Manifest(
                    Manifest.FORMAT_VERSION,
                    backupId,
                    started,
                    Instant.now(),
                    new SourceInfo(db.host(), db.port(), db.database(), "test"),
                    compression,
                    Map.of("test", "true"),
                    entries);
            location.writeManifest(manifest);
            return manifest;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("writing the test backup failed", e);
        }
    }

    /** Each table's rows as text ({@code row::text}), keyed by the given key expression, to compare whole contents. */
    static Map<String, String> contents(DatabaseTarget db, String table, String key) {
        return contents(db, table, key, "t::text");
    }

    /** Like {@link #contents(DatabaseTarget, String, String)} with another expression of the row {@code t} as the value. */
    static Map<String, String> contents(DatabaseTarget db, String table, String key, String value) {
        return TestPostgres.contents(db, table, key, value);
    }

    /** All rows of a table as sorted text, for tables without a key. */
    static List<String> sortedRows(DatabaseTarget db, String table) {
        List<String> rows = new ArrayList<>();
        try (Connection c = Connections.open(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t ORDER BY 1")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static TableEntry writeTable(
            Connection c,
            BackupLocation location,
            String backupId,
            int index,
            TableSchema table,
            Compression compression)
            throws SQLException, IOException {
        String file = String.format(
                "%03d-%s.jsonl%s",
                index + 1, table.displayName().replaceAll("[^A-Za-z0-9._-]", "_"), compression.suffix());
        String sql = "SELECT " + rowJson(table) + " FROM " + table.quotedName() + " t"
                + (table.hasPrimaryKey()
                        ? " ORDER BY "
                                + table.primaryKey().stream()
                                        .map(k -> "t." + Identifiers.quote(k))
                                        .collect(Collectors.joining(", "))
                        : "");
        MessageDigest sha = sha256();
        long rows = 0;
        StoreOutput stored = location.store().create(location.key(backupId, file));
        Counting counting = new Counting(new DigestOutputStream(stored, sha));
        try (OutputStream out = compression.compress(counting);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.write(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                rows++;
            }
        }
        List<ColumnEntry> columns = table.columns().stream()
                .map(col ->
                        new ColumnEntry(col.name(), col.type(), col.nullable(), col.encoding(), col.elementEncoding()))
                .toList();
        return new TableEntry(
                table.schema(),
                table.name(),
                file,
                rows,
                counting.count,
                HexFormat.of().formatHex(sha.digest()),
                table.primaryKey(),
                columns);
    }

    private static String rowJson(TableSchema table) {
        List<String> parts = new ArrayList<>();
        for (ColumnSchema col : table.columns()) {
            String key = "\"" + col.name().replace("\\", "\\\\").replace("\"", "\\\"") + "\":";
            String value = value(col, "t." + col.quotedName());
            // SQL NULL is null, except in jsonb columns, where it leaves the key out (concat_ws skips it)
            parts.add("'" + key.replace("'", "''") + "' || "
                    + (col.encoding() == ValueEncoding.JSON ? value : "coalesce(" + value + ", 'null')"));
        }
        return "'{' || concat_ws(',', " + String.join(", ", parts) + ") || '}'";
    }

    private static String value(ColumnSchema col, String c) {
        return switch (col.encoding()) {
            case NUMBER, JSON -> c + "::text";
            case DECIMAL ->
                "CASE WHEN " + c + "::text IN ('NaN', 'Infinity', '-Infinity') THEN '\"' || " + c
                        + "::text || '\"' ELSE " + c + "::text END";
            case BOOLEAN -> "CASE WHEN " + c + " THEN 'true' WHEN NOT " + c + " THEN 'false' END";
            case BASE64 -> "to_json(translate(encode(" + c + ", 'base64'), E'\\n', ''))::text";
            case STRING -> "to_json(" + c + "::text)::text";
            case ARRAY -> array(col, c);
        };
    }

    private static String array(ColumnSchema col, String c) {
        String bounds = "CASE WHEN array_lower(" + c + ", 1) <> 1 THEN to_json(" + c + "::text)::text ";
        if (col.elementEncoding() == ValueEncoding.BASE64) {
            // one dimension is all the tests use for binary arrays
            return bounds + "WHEN " + c
                    + " IS NOT NULL THEN coalesce((SELECT json_agg(translate(encode(e, 'base64'), E'\\n', '') ORDER BY o)"
                    + " FROM unnest(" + c + ") WITH ORDINALITY u(e, o))::text, '[]') END";
        }
        if (col.elementEncoding() == ValueEncoding.STRING) {
            return bounds + "ELSE to_json(" + c + "::text[])::text END";
        }
        return bounds + "ELSE to_json(" + c + ")::text END";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /**
     * Replaces a table file with other rows and rewrites the manifest to match them (size, SHA-256, row count), as
     * a faulty writer or an attacker with write access to storage could.
     */
    static Manifest forge(
            BackupLocation location, Manifest m, TableEntry table, java.nio.file.Path file, String lines, long rows)
            throws IOException {
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (OutputStream out = m.compression().compress(compressed)) {
            out.write(lines.getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = compressed.toByteArray();
        java.nio.file.Files.write(file, bytes);
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        TableEntry forged = new TableEntry(
                table.schema(),
                table.name(),
                table.file(),
                rows,
                bytes.length,
                sha,
                table.primaryKey(),
                table.columns());
        Manifest rewritten = new Manifest(
                m.formatVersion(),
                m.backupId(),
                m.startedAt(),
                m.completedAt(),
                m.source(),
                m.compression(),
                m.labels(),
                m.tables().stream()
                        .map(t -> t.file().equals(table.file()) ? forged : t)
                        .toList());
        location.writeManifest(rewritten);
        return rewritten;
    }
}
