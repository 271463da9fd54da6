package dev.accountbackup.operator.resolve;

import dev.accountbackup.api.EncryptionSpec;
import dev.accountbackup.api.ObjectLockSpec;
import dev.accountbackup.api.S3StorageSpec;
import dev.accountbackup.api.SigningSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.crypto.Keyring;
import dev.accountbackup.engine.crypto.KmsKeyring;
import dev.accountbackup.engine.crypto.KmsSettings;
import dev.accountbackup.engine.crypto.SecretKeyring;
import dev.accountbackup.engine.signing.SigningKeys;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import dev.accountbackup.engine.storage.ObjectLockPolicy;
import dev.accountbackup.engine.storage.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Turns a StorageSpec (validated), its credentials Secret, its signing keys and its encryption keys into a
 * way to open the store, within the {@link TenantBoundary}: file-system storage only in the configured
 * directories, the operator's own AWS identity only for the namespaces allowed to use it.
 */
public final class StorageResolver {

    public static final String ACCESS_KEY_ID = "accessKeyId";
    public static final String SECRET_ACCESS_KEY = "secretAccessKey";
    public static final String SESSION_TOKEN = "sessionToken";

    private final SecretReader secrets;
    private final TenantBoundary boundary;
    private final Clock clock;

    /** @param clock the operator's clock, which decides whether a backup claims to start in the future */
    public StorageResolver(SecretReader secrets, TenantBoundary boundary, Clock clock) {
        this.secrets = secrets;
        this.boundary = boundary;
        this.clock = clock;
    }

    /** @throws BackupException (INVALID) when the spec reaches outside what its namespace may use */
    public StoreOpener resolve(String namespace, StorageSpec spec) {
        Keyring keyring = keyring(namespace, spec);
        if (spec.getFilesystem() != null) {
            Path root = boundary.filesystemRoot(
                    "filesystem.path", spec.getFilesystem().getPath());
            return opener(
                    () -> BackupStores.filesystem(root),
                    root.toString(),
                    signingKeys(namespace, spec.getSigning()),
                    keyring);
        }
        S3StorageSpec s3 = spec.getS3();
        AwsCredentials credentials =
                awsCredentials(namespace, s3.getCredentialsSecret(), "the credentials for S3 bucket " + s3.getBucket());
        if (credentials == null && !BackupLocation.trimSlashes(s3.getPrefix()).isEmpty()) {
            // in a bucket shared through the operator's identity, <prefix>/<namespace> could be another namespace's
            // folder (a namespace named like the prefix): only the layout <namespace>/<name> keeps tenants apart
            throw BackupException.invalid(
                    "s3.prefix '" + s3.getPrefix() + "' cannot be used with the operator's own AWS identity:"
                            + " remove it (backups then go to <namespace>/<name> in the bucket), or name a credentialsSecret whose"
                            + " access is limited to this namespace's prefix");
        }
        if (credentials == null && s3.getEndpoint() != null && !s3.getEndpoint().isBlank()) {
            // the operator's identity signs requests only for the services its own configuration points to
            throw BackupException.invalid(
                    "s3.endpoint '" + s3.getEndpoint() + "' cannot be used with the operator's own AWS identity:"
                            + " name a credentialsSecret for that service, or let the operator's configuration (AWS_ENDPOINT_URL_S3) choose the endpoint");
        }
        S3Settings settings = new S3Settings(
                s3.getBucket(),
                blankToNull(s3.getPrefix()),
                blankToNull(s3.getRegion()),
                s3.getEndpoint() == null || s3.getEndpoint().isBlank() ? null : URI.create(s3.getEndpoint()),
                Boolean.TRUE.equals(s3.getForcePathStyle()),
                credentials,
                blankToNull(s3.getKmsKeyId()),
                !Boolean.FALSE.equals(s3.getPayloadChecksums()),
                objectLock(s3));
        String where = "s3://" + s3.getBucket()
                + (s3.getPrefix() == null || s3.getPrefix().isBlank() ? "" : "/" + s3.getPrefix());
        return opener(() -> BackupStores.s3(settings), where, signingKeys(namespace, spec.getSigning()), keyring);
    }

    /** @return null when the spec names no signing Secret: manifests stay unsigned */
    private SigningKeys signingKeys(String namespace, SigningSpec signing) {
        if (signing == null
                || signing.getKeySecret() == null
                || signing.getKeySecret().isBlank()) {
            return null;
        }
        String name = signing.getKeySecret();
        Map<String, String> entries =
                secrets.readAll(namespace, name, "the manifest signing keys", List.of(SigningKeys.CURRENT, "<key id>"));
        return SigningKeys.fromEntries(
                entries, "Secret '" + name + "' in namespace '" + namespace + "' (the manifest signing keys)");
    }

    /**
     * Checks that a namespace may read the backup folder {@code path} below a storage root: its own
     * namespace's folder, or one the operator's settings open to it.
     */
    public void checkReadable(String namespace, String field, String path) {
        boundary.checkReadable(namespace, field, path);
    }

    /** The keys of {@code storage.encryption}: a key set read from a Secret now, or a KMS key used on the job thread; null without encryption. */
    private Keyring keyring(String namespace, StorageSpec spec) {
        EncryptionSpec encryption = spec.getEncryption();
        if (encryption == null) {
            return null;
        }
        if (!blank(encryption.getKeySecret())) {
            String purpose = "the encryption keys of the backups";
            Map<String, String> entries = secrets.readAll(
                    namespace, encryption.getKeySecret(), purpose, List.of(SecretKeyring.CURRENT, "<key id>"));
            return SecretKeyring.parse(
                    entries, "Secret '" + encryption.getKeySecret() + "' in namespace '" + namespace + "'");
        }
        S3StorageSpec s3 = spec.getS3();
        String credentialsSecret = !blank(encryption.getCredentialsSecret())
                ? encryption.getCredentialsSecret()
                : s3 == null ? null : s3.getCredentialsSecret();
        String region = !blank(encryption.getRegion())
                ? encryption.getRegion()
                : s3 == null ? null : blankToNull(s3.getRegion());
        AwsCredentials credentials =
                awsCredentials(namespace, credentialsSecret, "the credentials for KMS key " + encryption.getKmsKeyId());
        if (credentials == null && !blank(encryption.getEndpoint())) {
            // as for s3.endpoint: the operator's identity signs requests only for the services its own configuration
            // points to
            throw BackupException.invalid(
                    "encryption.endpoint '" + encryption.getEndpoint() + "' cannot be used with the operator's own AWS"
                            + " identity: name a credentialsSecret for that service, or let the operator's configuration (AWS_ENDPOINT_URL_KMS)"
                            + " choose the endpoint");
        }
        return new KmsKeyring(new KmsSettings(
                encryption.getKmsKeyId(),
                region,
                blank(encryption.getEndpoint()) ? null : URI.create(encryption.getEndpoint()),
                credentials));
    }

    /**
     * Reads AWS credentials from a Secret with the keys accessKeyId, secretAccessKey and optionally sessionToken.
     *
     * @return null when no Secret is named and the namespace may use the operator's own identity (the AWS
     *         default credentials chain: IRSA, instance profile)
     * @throws BackupException (INVALID) when no Secret is named and the namespace may not use the operator's identity
     */
    public AwsCredentials awsCredentials(String namespace, String secretName, String purpose) {
        if (secretName == null || secretName.isBlank()) {
            if (boundary.mayUseOperatorIdentity(namespace)) {
                return null;
            }
            throw BackupException.invalid(purpose + ": name a credentialsSecret (a Secret in namespace '" + namespace
                    + "' with the keys " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY
                    + "); the operator's own AWS identity serves"
                    + " only the namespaces its setting " + TenantBoundary.CREDENTIALS_VARIABLE + " lists");
        }
        Map<String, String> keys = secrets.read(
                namespace, secretName, purpose, List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY), List.of(SESSION_TOKEN));
        return new AwsCredentials(keys.get(ACCESS_KEY_ID), keys.get(SECRET_ACCESS_KEY), keys.get(SESSION_TOKEN));
    }

    private StoreOpener opener(
            java.util.function.Supplier<BackupStore> open, String where, SigningKeys signing, Keyring keyring) {
        return new StoreOpener() {
            @Override
            public BackupStore open() {
                return open.get();
            }

            @Override
            public BackupLocation location(BackupStore opened, String path) {
                BackupLocation location =
                        new BackupLocation(opened, path).withSigning(signing).withClock(clock);
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
        return lock == null
                ? null
                : ObjectLockPolicy.parse(
                        "storage.s3.objectLock.mode",
                        lock.getMode(),
                        "storage.s3.objectLock.retainFor",
                        lock.getRetainFor());
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
