package dev.accountbackup.engine.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads what an export stored, the way a person or a restore would. */
final class BackupFiles {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private BackupFiles() {}

    static TableEntry entry(Manifest manifest, String schema, String name) {
        return manifest.table(schema, name)
                .orElseThrow(() -> new AssertionError("no table " + schema + "." + name + " in the manifest"));
    }

    /** The decompressed JSON Lines of a table, line by line, as text. */
    static List<String> lines(BackupLocation location, Manifest manifest, TableEntry table) {
        try (InputStream in = manifest.compression()
                .decompress(location.store().open(location.key(manifest.backupId(), table.file())))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                throw new AssertionError("table file does not end with a newline");
            }
            return text.isEmpty()
                    ? List.of()
                    : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> rows(BackupLocation location, Manifest manifest, TableEntry table) {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : lines(location, manifest, table)) {
            try {
                rows.add(MAPPER.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not valid JSON: " + line, e);
            }
        }
        return rows;
    }

    static byte[] stored(BackupLocation location, Manifest manifest, TableEntry table) {
        try (InputStream in = location.store().open(location.key(manifest.backupId(), table.file()))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
