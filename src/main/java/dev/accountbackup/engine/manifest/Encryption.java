package dev.accountbackup.engine.manifest;

/**
 * How the table files of a backup are encrypted: recorded in the manifest so that a restore knows
 * which key it needs. It names the key that wraps the backup's data key and holds the data key
 * only in wrapped form, which is useless without that key.
 *
 * @param algorithm      the file cipher, {@link #STREAMING_AES256_GCM_HKDF_1MB}
 * @param keyType        who wraps the data key: {@link #SECRET_KEY} or {@link #KMS_KEY}
 * @param keyId          the id of the key-encryption key in its key set, or the KMS key's ARN
 * @param wrappedDataKey base64 of the wrapped data key
 */
public record Encryption(String algorithm, String keyType, String keyId, String wrappedDataKey) {

    /** Tink's streaming AEAD AES-256-GCM-HKDF (SHA-256) with 1 MB ciphertext segments. */
    public static final String STREAMING_AES256_GCM_HKDF_1MB = "AES256_GCM_HKDF_1MB";
    /** The data key is wrapped with AES-256-GCM by a key of a key set (a Kubernetes Secret, a key file). */
    public static final String SECRET_KEY = "secret";
    /** The data key was made and wrapped by AWS KMS ({@code GenerateDataKey}). */
    public static final String KMS_KEY = "kms";

    /** Where to find the key this backup needs, for messages: e.g. "key 2026-11 of the key set" or "KMS key arn:...". */
    public String describeKey() {
        return KMS_KEY.equals(keyType) ? "KMS key " + keyId : "key '" + keyId + "' of the encryption key set";
    }
}
