package dev.accountbackup.operator.jobs.batch;

import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.EncryptionSpec;
import dev.accountbackup.api.S3StorageSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.LedgerTable;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStores;
import dev.accountbackup.operator.resolve.DatabaseTargets;
import dev.accountbackup.operator.resolve.StorageResolver;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How the database and the storage of a spec reach a Job's container: names and settings as arguments and plain
 * variables, credentials and keys by reference to the Secrets the spec names (variables from secretKeyRef, key sets
 * as mounted files), as the command line reads them. Specs are validated before they get here.
 */
public final class SpecMounts {

    static final String SIGNING_KEYS_DIR = "/etc/account-backup/signing-keys";
    static final String ENCRYPTION_KEYS_DIR = "/etc/account-backup/encryption-keys";
    static final String ERASURE_KEY_DIR = "/etc/account-backup/erasure-key";

    private SpecMounts() {}

    /** {@code --database URL} with the login from the spec's Secret (PGUSER, PGPASSWORD). */
    public static void database(PodCommand.Builder command, DatabaseSpec database) {
        String host = database.getHost().strip();
        int port = database.getPort() == null ? DatabaseTarget.DEFAULT_PORT : database.getPort();
        String name =
                URLEncoder.encode(database.getName(), StandardCharsets.UTF_8).replace("+", "%20");
        String sslMode = database.getSslMode() == null || database.getSslMode().isBlank()
                ? ""
                : "?sslmode=" + URLEncoder.encode(database.getSslMode().strip(), StandardCharsets.UTF_8);
        command.arg(
                        "--database",
                        "postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + name
                                + sslMode)
                .secretEnv("PGUSER", database.getCredentialsSecret(), DatabaseTargets.USERNAME, false)
                .secretEnv("PGPASSWORD", database.getCredentialsSecret(), DatabaseTargets.PASSWORD, false);
    }

    /**
     * The storage settings, credentials, signing and encryption keys of a spec.
     *
     * @return the store's root as the command line takes it, e.g. s3://bucket/prefix
     * @throws BackupException (INVALID) for storage a Job cannot reach: a directory of the operator's volume
     */
    public static String storage(PodCommand.Builder command, StorageSpec storage) {
        S3StorageSpec s3 = storage.getS3();
        if (s3 == null) {
            throw BackupException.invalid("runAs.mode Job needs S3 storage: a Job runs in the resource's namespace and"
                    + " cannot mount the operator's volume; use runAs.mode InProcess for file-system storage");
        }
        if (!blank(s3.getCredentialsSecret())) {
            command.secretEnv("AWS_ACCESS_KEY_ID", s3.getCredentialsSecret(), StorageResolver.ACCESS_KEY_ID, false)
                    .secretEnv(
                            "AWS_SECRET_ACCESS_KEY",
                            s3.getCredentialsSecret(),
                            StorageResolver.SECRET_ACCESS_KEY,
                            false)
                    .secretEnv("AWS_SESSION_TOKEN", s3.getCredentialsSecret(), StorageResolver.SESSION_TOKEN, true);
        }
        if (!blank(s3.getRegion())) {
            command.env("AWS_REGION", s3.getRegion().strip());
        }
        if (!blank(s3.getEndpoint())) {
            command.env("AWS_ENDPOINT_URL_S3", s3.getEndpoint().strip());
        }
        // as the operator does: path-style only when the spec asks, whatever the endpoint
        command.env("AWS_S3_FORCE_PATH_STYLE", String.valueOf(Boolean.TRUE.equals(s3.getForcePathStyle())));
        if (Boolean.FALSE.equals(s3.getPayloadChecksums())) {
            command.env("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        }
        if (!blank(s3.getKmsKeyId())) {
            command.env(BackupStores.S3_KMS_KEY_ID, s3.getKmsKeyId().strip());
        }
        if (storage.getSigning() != null && !blank(storage.getSigning().getKeySecret())) {
            command.secretFiles("signing-keys", storage.getSigning().getKeySecret(), SIGNING_KEYS_DIR)
                    .env("ACCOUNT_BACKUP_SIGNING_KEYS_FILE", SIGNING_KEYS_DIR);
        }
        encryption(command, storage.getEncryption(), s3);
        String prefix = blank(s3.getPrefix())
                ? ""
                : "/" + BackupLocation.trimSlashes(s3.getPrefix().strip());
        return "s3://" + s3.getBucket().strip() + prefix;
    }

    /**
     * The erasures of a restore: the namespace's ledger folder, the erasure hash key Secret mounted as a directory (optional:
     * a ledger without entries needs no key, and a missing key then fails the restore only when it is needed), the
     * application's erasure table, and who the restore's record names.
     *
     * @param storageRoot the store's root, as {@link #storage} returned it
     * @param ledgerFolder the namespace's folder below it
     */
    public static void erasures(
            PodCommand.Builder command,
            String storageRoot,
            String ledgerFolder,
            String keySecret,
            LedgerTable table,
            String origin) {
        command.arg("--erasures-from", storageRoot + "/" + ledgerFolder, "--record-origin", origin)
                .secretFiles("erasure-key", keySecret, ERASURE_KEY_DIR, true)
                .env("ACCOUNT_BACKUP_ERASURE_KEY_FILE", ERASURE_KEY_DIR);
        if (table != null) {
            command.arg(
                    "--ledger-table",
                    table.table(),
                    "--ledger-key-column",
                    table.keyColumn(),
                    "--ledger-root",
                    table.root());
        }
    }

    private static void encryption(PodCommand.Builder command, EncryptionSpec encryption, S3StorageSpec s3) {
        if (encryption == null) {
            return;
        }
        if (!blank(encryption.getKeySecret())) {
            command.secretFiles("encryption-keys", encryption.getKeySecret(), ENCRYPTION_KEYS_DIR)
                    .env("ACCOUNT_BACKUP_KEY_FILE", ENCRYPTION_KEYS_DIR);
            return;
        }
        // one set of AWS credentials per container: KMS must use the storage's
        if (!blank(encryption.getCredentialsSecret())
                && !Objects.equals(encryption.getCredentialsSecret(), s3.getCredentialsSecret())) {
            throw BackupException.invalid(
                    "runAs.mode Job: encryption.credentialsSecret must be the same Secret as"
                            + " storage.s3.credentialsSecret (a Job's container has one set of AWS credentials), or be left out");
        }
        command.arg("--kms-key-id", encryption.getKmsKeyId().strip());
        String region = !blank(encryption.getRegion()) ? encryption.getRegion() : s3.getRegion();
        if (!blank(region)) {
            command.arg("--kms-region", region.strip());
        }
        if (!blank(encryption.getEndpoint())) {
            command.env("AWS_ENDPOINT_URL_KMS", encryption.getEndpoint().strip());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
