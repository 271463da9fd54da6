package dev.accountbackup.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.StoreOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What an attacker with write access to the bucket does: copies a backup to a new id, adds a row
 * to one table file and recomputes the manifest's size, SHA-256 and row count, all without any key.
 */
public final class Forger {

    private Forger() {}

    /**
     * @param table      the table (name without schema) that gets the extra row
     * @param extraRow   the JSON line to append (without its "\n")
     * @param keepSignature leave the original signature in the forged manifest (else it is removed)
     * @return the forged manifest as written
     */
    public static ObjectNode copyWithExtraRow(
            BackupLocation location, String fromId, String toId, String table, String extraRow, boolean keepSignature)
            throws IOException {
        ObjectNode manifest = manifestTree(location, fromId);
        Compression compression =
                ManifestJson.fromTree(manifest.deepCopy(), "original").compression();
        for (JsonNode entry : manifest.get("tables")) {
            String file = entry.get("file").asText();
            byte[] stored = read(location, location.key(fromId, file));
            if (entry.get("name").asText().equals(table)) {
                byte[] plain = compression
                        .decompress(new java.io.ByteArrayInputStream(stored))
                        .readAllBytes();
                byte[] forged = concat(plain, (extraRow + "\n").getBytes(StandardCharsets.UTF_8));
                stored = compress(compression, forged);
                ((ObjectNode) entry).put("rows", entry.get("rows").asLong() + 1);
                ((ObjectNode) entry).put("bytes", stored.length);
                ((ObjectNode) entry).put("sha256", sha256(stored));
            }
            write(location, location.key(toId, file), stored);
        }
        manifest.put("backupId", toId);
        // a minute newer than the original, so that it becomes the latest backup
        Instant started = Instant.parse(manifest.get("startedAt").asText()).plusSeconds(60);
        manifest.put("startedAt", started.toString());
        manifest.put("completedAt", started.plusSeconds(5).toString());
        if (!keepSignature) {
            manifest.remove("signature");
        }
        writeManifestTree(location, toId, manifest);
        return manifest;
    }

    /** The last row of a table's file, to make a plausible extra row from. */
    public static String lastRow(BackupLocation location, String backupId, String table) throws IOException {
        ObjectNode manifest = manifestTree(location, backupId);
        Compression compression =
                ManifestJson.fromTree(manifest.deepCopy(), "original").compression();
        for (JsonNode entry : manifest.get("tables")) {
            if (entry.get("name").asText().equals(table)) {
                byte[] stored =
                        read(location, location.key(backupId, entry.get("file").asText()));
                String[] lines = new String(
                                compression
                                        .decompress(new java.io.ByteArrayInputStream(stored))
                                        .readAllBytes(),
                                StandardCharsets.UTF_8)
                        .split("\n");
                return lines[lines.length - 1];
            }
        }
        throw new IllegalArgumentException("no table " + table + " in backup " + backupId);
    }

    /** The manifest as stored, signature included. */
    public static ObjectNode manifestTree(BackupLocation location, String backupId) throws IOException {
        return ManifestJson.readTree(read(location, location.key(backupId, Manifest.FILE_NAME)), backupId);
    }

    public static void writeManifestTree(BackupLocation location, String backupId, ObjectNode manifest)
            throws IOException {
        write(location, location.key(backupId, Manifest.FILE_NAME), ManifestJson.write(manifest));
    }

    public static byte[] read(BackupLocation location, String key) throws IOException {
        try (InputStream in = location.store().open(key)) {
            return in.readAllBytes();
        }
    }

    public static void write(BackupLocation location, String key, byte[] bytes) throws IOException {
        StoreOutput out = location.store().create(key);
        out.write(bytes);
        out.close();
    }

    private static byte[] compress(Compression compression, byte[] plain) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = compression.compress(buffer)) {
            out.write(plain);
        }
        return buffer.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
