package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.BackupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The secret that makes masked values deterministic: the same salt gives the same masked copy,
 * another salt (another environment) an unrelated one. Never printed.
 */
public final class MaskSalt {

    /** Shorter salts could be guessed, and with them the masked values reversed by trying inputs. */
    public static final int MIN_BYTES = 16;
    /** Salts are short secrets: a file larger than this is a mistake. */
    public static final int MAX_BYTES = 4096;
    /** The environment variable the command line reads the salt from. */
    public static final String ENVIRONMENT_VARIABLE = "ACCOUNT_BACKUP_MASK_SALT";

    private final byte[] bytes;

    private MaskSalt(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param where names the salt's origin for the error, e.g. "Secret staging-mask-salt"
     * @throws BackupException (INVALID) for a salt too short or too long, without its value
     */
    public static MaskSalt of(byte[] value, String where) {
        byte[] trimmed = trim(value);
        if (trimmed.length < MIN_BYTES) {
            throw BackupException.invalid(
                    "the masking salt from " + where + " is shorter than " + MIN_BYTES + " bytes: use a random secret");
        }
        if (trimmed.length > MAX_BYTES) {
            throw BackupException.invalid("the masking salt from " + where + " is longer than " + MAX_BYTES + " bytes");
        }
        return new MaskSalt(trimmed);
    }

    public static MaskSalt of(String value, String where) {
        return of(value.getBytes(StandardCharsets.UTF_8), where);
    }

    public static MaskSalt fromFile(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw BackupException.invalid(
                        "the masking salt file " + file + " is longer than " + MAX_BYTES + " bytes");
            }
            return of(Files.readAllBytes(file), "file " + file);
        } catch (IOException e) {
            throw BackupException.invalid("the masking salt file " + file + " cannot be read: " + e.getMessage());
        }
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** A file's or variable's trailing newline is no part of the secret. */
    private static byte[] trim(byte[] value) {
        int end = value.length;
        while (end > 0 && (value[end - 1] == '\n' || value[end - 1] == '\r')) {
            end--;
        }
        return Arrays.copyOf(value, end);
    }

    @Override
    public String toString() {
        return "MaskSalt[hidden]";
    }
}
