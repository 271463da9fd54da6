package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.erasure.ErasureHasher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The key that hashes account keys in the erasure ledger: from a file, never from a flag value. The
 * file holds the key in base64 (at least 32 random bytes: {@code head -c 32 /dev/urandom | base64});
 * lines starting with '#' are comments.
 */
final class HashKeyOption {

    static final String ENV = "ACCOUNT_BACKUP_ERASURE_KEY_FILE";
    private static final int MAX_FILE_BYTES = 16 * 1024;
    /** The key's file in a mounted Secret, as the operator's Secret names it. */
    private static final String SECRET_KEY = "hashKey";

    @Option(
            names = "--hash-key-file",
            paramLabel = "FILE",
            description = "file holding the erasure hash key in base64 (at least 32 random bytes), which turns account"
                    + " keys into the keyed hashes of the erasure ledger; or a directory (a mounted Secret) holding it"
                    + " as the file hashKey. Default: $" + ENV)
    Path file;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The hasher; null when no file is given (an empty --hash-key-file says none, whatever the environment). */
    ErasureHasher hasher() {
        Path given = file != null ? file : fromEnvironment();
        if (given == null || given.toString().isBlank()) {
            return null;
        }
        // a directory is a mounted Secret: the key is its file hashKey
        Path keyFile = Files.isDirectory(given) ? given.resolve(SECRET_KEY) : given;
        String source = "erasure hash key file " + keyFile;
        byte[] bytes;
        try (InputStream in = Files.newInputStream(keyFile)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw BackupException.invalid(
                    source + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw BackupException.invalid(source + " is larger than " + MAX_FILE_BYTES / 1024 + " KiB: not a key file");
        }
        StringBuilder key = new StringBuilder();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
            if (!line.strip().startsWith("#")) {
                key.append(line.strip());
            }
        }
        try {
            return new ErasureHasher(Base64.getDecoder().decode(key.toString()), source);
        } catch (IllegalArgumentException e) {
            throw BackupException.invalid(source + " does not hold a base64 key");
        }
    }

    /** The command's environment, as the other key options read it (the operator's Jobs set it). */
    private Path fromEnvironment() {
        String value = Main.env(command).get(ENV);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** The hasher, required. */
    ErasureHasher required(String forWhat) {
        ErasureHasher hasher = hasher();
        if (hasher == null) {
            throw BackupException.invalid(forWhat + " needs the erasure hash key: give --hash-key-file or set " + ENV);
        }
        return hasher;
    }
}
