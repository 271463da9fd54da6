package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Client-side encryption of every stored file: a fresh data key per backup, wrapped by a key set in a Secret or by AWS KMS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.keySecret) != has(self.kmsKeyId)",
        message = "set exactly one of encryption.keySecret and encryption.kmsKeyId")
public class EncryptionSpec {

    @JsonPropertyDescription(
            "Name of a Secret in the same namespace holding the key-encryption keys: the key 'current' names the id of the"
                    + " key new backups use, and every other key is a key id whose value is 32 random bytes (openssl rand -base64 32)."
                    + " Keep the keys of older backups in it for as long as those backups must stay restorable.")
    private String keySecret;

    @JsonPropertyDescription(
            "AWS KMS key id, ARN or alias ARN that makes and wraps the data key of each backup (kms:GenerateDataKey;"
                    + " restores need kms:Decrypt on the key a backup was made under).")
    private String kmsKeyId;

    @JsonPropertyDescription(
            "AWS region of the KMS key. Default: the region of storage.s3, else the operator's AWS_REGION.")
    private String region;

    @JsonPropertyDescription("URL of a KMS-compatible service. Default: AWS KMS.")
    private String endpoint;

    @JsonPropertyDescription(
            "Name of a Secret in the same namespace with the AWS credentials for KMS ('accessKeyId', 'secretAccessKey',"
                    + " optionally 'sessionToken'). Default: storage.s3.credentialsSecret, else the operator's AWS default credentials chain.")
    private String credentialsSecret;

    public String getKeySecret() {
        return keySecret;
    }

    public void setKeySecret(String keySecret) {
        this.keySecret = keySecret;
    }

    public String getKmsKeyId() {
        return kmsKeyId;
    }

    public void setKmsKeyId(String kmsKeyId) {
        this.kmsKeyId = kmsKeyId;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }
}
