package dev.accountbackup.engine.verify;

import dev.accountbackup.engine.catalog.ValueEncoding;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.SourceInfo;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.StoreOutput;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes backups the way the export does (compressed JSON Lines files, then the manifest), for tests. */
public final class TestBackups {

    private TestBackups() {}

    /** A backup of tables {@code public.<name>} holding the given lines (each written with its "\n"). */
    public static Manifest write(
            BackupLocation location,
            String backupId,
            Instant startedAt,
            Compression compression,
            Map<String, List<String>> tables)
            throws Exception {
        List<TableEntry> entries = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, List<String>> table : tables.entrySet()) {
            String file = String.format("%03d-public.%s.jsonl%s", index++, table.getKey(), compression.suffix());
            StoreOutput stored = location.store().create(location.key(backupId, file));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long[] bytes = new long[1];
            OutputStream counted = new FilterOutputStream(new DigestOutputStream(stored, sha)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytes[0] += len;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    bytes[0]++;
                }
            };
            try (OutputStream json = compression.compress(counted)) {
                for (String line : table.getValue()) {
                    json.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            entries.add(new TableEntry(
                    "public",
                    table.getKey(),
                    file,
                    table.getValue().size(),
                    bytes[0],
                    HexFormat.of().formatHex(sha.digest()),
                    List.of("id"),
                    List.of(
                            new ColumnEntry("id", "bigint", false, ValueEncoding.NUMBER, null),
                            new ColumnEntry("email", "text", true, ValueEncoding.STRING, null))));
        }
        Manifest manifest = new Manifest(
                Manifest.FORMAT_VERSION,
                backupId,
                startedAt,
                startedAt.plusSeconds(5),
                new SourceInfo("db.example", 5432, "accounts", "17.6"),
                compression,
                Map.of("test", "yes"),
                entries);
        location.writeManifest(manifest);
        return manifest;
    }

    /** Three small tables of realistic rows, one of them empty. */
    public static Map<String, List<String>> accounts(int users) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= users; i++) {
            rows.add("{\"id\":" + i + ",\"email\":\"user" + i + "@example.com\",\"name\":\"Zoë \\\"" + i
                    + "\\\" Ünal\"}");
        }
        tables.put("users", rows);
        tables.put("user_identities", List.of("{\"id\":1,\"email\":null}", "{\"id\":2,\"email\":\"b@example.com\"}"));
        tables.put("user_profiles", List.of());
        return tables;
    }
}
