package dev.accountbackup.engine.crypto;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.manifest.Encryption;
import dev.accountbackup.engine.storage.AwsCredentialProviders;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Data keys made and wrapped by AWS KMS: {@code GenerateDataKey} for each new backup,
 * {@code Decrypt} to restore one. The backup id is the KMS encryption context, so a wrapped key
 * opens for its own backup only, and every use shows in CloudTrail with the backup it was for.
 * A backup made under an older KMS key is decrypted with that key (its ARN is in the manifest)
 * as long as it exists and the identity may use it.
 */
public final class KmsKeyring implements Keyring {

    static final String CONTEXT_KEY = "accountbackup:backupId";

    private final KmsSettings settings;

    public KmsKeyring(KmsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.keyId() == null || settings.keyId().isBlank()) {
            throw BackupException.invalid("KMS encryption needs a KMS key id or ARN");
        }
    }

    @Override
    public DataKey newDataKey(String backupId) {
        GenerateDataKeyResponse made = call(
                "GenerateDataKey",
                settings.keyId(),
                "making the data key of backup " + backupId,
                kms -> kms.generateDataKey(r ->
                        r.keyId(settings.keyId()).keySpec(DataKeySpec.AES_256).encryptionContext(context(backupId))));
        return new DataKey(
                made.plaintext().asByteArray(),
                new Encryption(
                        Encryption.STREAMING_AES256_GCM_HKDF_1MB,
                        Encryption.KMS_KEY,
                        made.keyId(),
                        Base64.getEncoder().encodeToString(made.ciphertextBlob().asByteArray())));
    }

    @Override
    public byte[] unwrap(Encryption encryption, String backupId) {
        if (!Encryption.KMS_KEY.equals(encryption.keyType())) {
            throw BackupException.invalid("backup " + backupId + " is encrypted under " + encryption.describeKey()
                    + ", not under a KMS key: configure that key set to restore it");
        }
        byte[] wrapped;
        try {
            wrapped =
                    Base64.getDecoder().decode(encryption.wrappedDataKey() == null ? "" : encryption.wrappedDataKey());
        } catch (IllegalArgumentException e) {
            throw new BackupException(
                    Kind.CORRUPT, "the manifest of backup " + backupId + " holds no valid wrapped data key", e);
        }
        return call(
                        "Decrypt",
                        encryption.keyId(),
                        "opening the data key of backup " + backupId,
                        kms -> kms.decrypt(r -> r.keyId(encryption.keyId())
                                .ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                                .encryptionContext(context(backupId))))
                .plaintext()
                .asByteArray();
    }

    private static Map<String, String> context(String backupId) {
        return Map.of(CONTEXT_KEY, backupId);
    }

    /** One client per call: a backup makes or opens one data key, so a client held longer would only hold threads. */
    private <T> T call(String action, String keyId, String doing, Function<KmsClient, T> call) {
        KmsClientBuilder builder = KmsClient.builder();
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        AwsCredentialsProvider credentials = AwsCredentialProviders.of(settings.credentials());
        try (KmsClient kms = builder.credentialsProvider(credentials).build()) {
            return call.apply(kms);
        } catch (SdkException e) {
            throw KmsErrors.translate(e, action, keyId, doing);
        } finally {
            if (credentials instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Override
    public String describe() {
        return "KMS key " + settings.keyId();
    }

    @Override
    public String toString() {
        return "KmsKeyring[" + settings.keyId() + "]";
    }
}
