package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads key files, bounded in size: a file, or a directory of one file per entry as Kubernetes mounts a Secret (its
 * hidden bookkeeping entries, {@code ..data} and the like, are skipped). Errors name the file, never its content.
 */
final class KeyFiles {

    /** More entries than any key set needs: a directory with more is not a mounted key Secret. */
    private static final int MAX_ENTRIES = 256;

    private KeyFiles() {}

    static boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    static String read(Path path, int maxBytes, String source) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw BackupException.invalid(source + " is larger than " + maxBytes / 1024 + " KiB: not a key file");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BackupException.invalid(
                    source + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The entries of a mounted Secret: file name to content, without the trailing newline editors add. */
    static Map<String, String> directoryEntries(Path dir, int maxBytesEach, String source) {
        Map<String, String> entries = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                if (entries.size() == MAX_ENTRIES) {
                    throw BackupException.invalid(source + " holds more than " + MAX_ENTRIES + " files: not a key set");
                }
                entries.put(
                        name,
                        read(file, maxBytesEach, source + " entry " + name).strip());
            }
        } catch (IOException e) {
            throw BackupException.invalid(
                    source + " cannot be listed (" + e.getClass().getSimpleName() + ")");
        }
        return entries;
    }
}
