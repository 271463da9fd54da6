package dev.accountbackup.operator.resolve;

import dev.accountbackup.api.EncryptionSpec;
import dev.accountbackup.api.ObjectLockSpec;
import dev.accountbackup.api.S3StorageSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.crypto.Keyring;
import dev.accountbackup.engine.crypto.KmsKeyring;
import dev.accountbackup.engine.crypto.KmsSettings;
import dev.accountbackup.engine.crypto.SecretKeyring;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import dev.accountbackup.engine.storage.ObjectLockPolicy;
import dev.accountbackup.engine.storage.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Turns a StorageSpec (validated), its credentials Secret and its encryption keys into a way to open the store. */
public final class StorageResolver {

    public static final String ACCESS_KEY_ID = "accessKeyId";
    public static final String SECRET_ACCESS_KEY = "secretAccessKey";
    public static final String SESSION_TOKEN = "sessionToken";

    private final SecretReader secrets;

    public StorageResolver(SecretReader secrets) {
        this.secrets = secrets;
    }

    public StoreOpener resolve(String namespace, StorageSpec spec) {
        Keyring keyring = keyring(namespace, spec);
        if (spec.getFilesystem() != null) {
            Path root = Path.of(spec.getFilesystem().getPath());
            return opener(() -> BackupStores.filesystem(root), root.toString(), keyring);
        }
        S3StorageSpec s3 = spec.getS3();
        AwsCredentials credentials = awsCredentials(namespace, s3.getCredentialsSecret(), "the credentials for S3 bucket " + s3.getBucket());
        S3Settings settings = new S3Settings(s3.getBucket(), blankToNull(s3.getPrefix()), blankToNull(s3.getRegion()),
                s3.getEndpoint() == null || s3.getEndpoint().isBlank() ? null : URI.create(s3.getEndpoint()),
                Boolean.TRUE.equals(s3.getForcePathStyle()), credentials, blankToNull(s3.getKmsKeyId()),
                !Boolean.FALSE.equals(s3.getPayloadChecksums()), objectLock(s3));
        String where = "s3://" + s3.getBucket() + (s3.getPrefix() == null || s3.getPrefix().isBlank() ? "" : "/" + s3.getPrefix());
        return opener(() -> BackupStores.s3(settings), where, keyring);
    }

    /** The keys of {@code storage.encryption}: a key set read from a Secret now, or a KMS key used on the job thread; null without encryption. */
    private Keyring keyring(String namespace, StorageSpec spec) {
        EncryptionSpec encryption = spec.getEncryption();
        if (encryption == null) {
            return null;
        }
        if (!blank(encryption.getKeySecret())) {
            String purpose = "the encryption keys of the backups";
            Map<String, String> entries = secrets.readAll(namespace, encryption.getKeySecret(), purpose,
                    "the key '" + SecretKeyring.CURRENT + "' naming the current key id, and that key id with 32 random bytes in base64");
            return SecretKeyring.parse(entries, "Secret '" + encryption.getKeySecret() + "' in namespace '" + namespace + "'");
        }
        S3StorageSpec s3 = spec.getS3();
        String credentialsSecret = !blank(encryption.getCredentialsSecret()) ? encryption.getCredentialsSecret()
                : s3 == null ? null : s3.getCredentialsSecret();
        String region = !blank(encryption.getRegion()) ? encryption.getRegion() : s3 == null ? null : blankToNull(s3.getRegion());
        return new KmsKeyring(new KmsSettings(encryption.getKmsKeyId(), region,
                blank(encryption.getEndpoint()) ? null : URI.create(encryption.getEndpoint()),
                awsCredentials(namespace, credentialsSecret, "the credentials for KMS key " + encryption.getKmsKeyId())));
    }

    /**
     * Reads AWS credentials from a Secret with the keys accessKeyId, secretAccessKey and optionally sessionToken.
     *
     * @return null when no Secret is named: the AWS default credentials chain applies
     */
    public AwsCredentials awsCredentials(String namespace, String secretName, String purpose) {
        if (secretName == null || secretName.isBlank()) {
            return null;
        }
        Map<String, String> keys = secrets.read(namespace, secretName, purpose, List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY), List.of(SESSION_TOKEN));
        return new AwsCredentials(keys.get(ACCESS_KEY_ID), keys.get(SECRET_ACCESS_KEY), keys.get(SESSION_TOKEN));
    }

    private static StoreOpener opener(java.util.function.Supplier<BackupStore> open, String where, Keyring keyring) {
        return new StoreOpener() {
            @Override
            public BackupStore open() {
                return open.get();
            }

            @Override
            public BackupLocation location(BackupStore store, String path) {
                BackupLocation location = new BackupLocation(store, path);
                return keyring == null ? location : location.withKeyring(keyring);
            }

            @Override
            public String describe() {
                return where;
            }

            @Override
            public String toString() {
                return where;
            }
        };
    }

    /** Validated with the spec: parsing cannot fail here. */
    private static ObjectLockPolicy objectLock(S3StorageSpec s3) {
        ObjectLockSpec lock = s3.getObjectLock();
        return lock == null ? null : ObjectLockPolicy.parse("storage.s3.objectLock.mode", lock.getMode(),
                "storage.s3.objectLock.retainFor", lock.getRetainFor());
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
