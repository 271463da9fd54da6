package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.crypto.Keyring;
import dev.accountbackup.engine.crypto.KmsKeyring;
import dev.accountbackup.engine.crypto.KmsSettings;
import dev.accountbackup.engine.crypto.SecretKeyring;
import dev.accountbackup.engine.storage.BackupLocation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The encryption keys of the commands that write or read backups: a key file or a KMS key, never a
 * key on the command line, where other users of the machine and the shell history would see it.
 */
final class EncryptionOptions {

    static final String KEY_FILE_ENV = "ACCOUNT_BACKUP_KEY_FILE";
    private static final int MAX_FILE_BYTES = 64 * 1024;

    @Option(
            names = "--encryption-key-file",
            paramLabel = "FILE",
            description =
                    "key set that encrypts new backups and opens encrypted ones: lines 'current=<id>' and '<id>=<32 random bytes,"
                            + " base64>' (the entries of the operator's key Secret), or a directory of one file per entry (that"
                            + " Secret mounted). Default: $" + KEY_FILE_ENV)
    Path keyFile;

    @Option(
            names = "--kms-key-id",
            paramLabel = "ARN",
            description = "AWS KMS key that makes the data key of new backups; encrypted"
                    + " backups name their own KMS key (AWS credentials and region from the environment)")
    String kmsKeyId;

    @Option(names = "--kms-region", paramLabel = "REGION", description = "region of the KMS key (default: AWS_REGION)")
    String kmsRegion;

    /** The location with these keys; unchanged when none are given. */
    BackupLocation apply(BackupLocation location, Map<String, String> env) {
        Keyring keyring = keyring(env);
        return keyring == null ? location : location.withKeyring(keyring);
    }

    Keyring keyring(Map<String, String> env) {
        String fromEnv = env.get(KEY_FILE_ENV);
        Path keyFile = this.keyFile != null || fromEnv == null || fromEnv.isBlank() ? this.keyFile : Path.of(fromEnv);
        if (keyFile != null && kmsKeyId != null) {
            throw BackupException.invalid("give either --encryption-key-file or --kms-key-id, not both");
        }
        if (kmsKeyId != null) {
            return new KmsKeyring(new KmsSettings(kmsKeyId, kmsRegion, null, null));
        }
        return keyFile == null ? null : SecretKeyring.parse(read(keyFile), "key file " + keyFile);
    }

    private static Map<String, String> read(Path file) {
        if (KeyFiles.isDirectory(file)) {
            return KeyFiles.directoryEntries(file, MAX_FILE_BYTES, "key directory " + file);
        }
        Properties entries = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            entries.load(in);
        } catch (NoSuchFileException e) {
            throw BackupException.invalid("key file " + file + " not found");
        } catch (IOException e) {
            throw BackupException.invalid("key file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> map = new HashMap<>();
        entries.stringPropertyNames().forEach(name -> map.put(name, entries.getProperty(name)));
        return map;
    }
}
