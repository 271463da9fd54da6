package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** An S3 bucket (and optional prefix) holding backups. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3StorageSpec {

    @Required
    @JsonPropertyDescription("Name of the bucket.")
    private String bucket;

    @JsonPropertyDescription(
            "Key prefix inside the bucket under which backups are written, e.g. 'accounts'; only with a credentialsSecret"
                    + " (under the operator's own identity backups go to <namespace>/<name> at the bucket root). Default: the bucket root.")
    private String prefix;

    @JsonPropertyDescription(
            "AWS region of the bucket, e.g. eu-west-3. Default: from the operator's environment (AWS_REGION).")
    private String region;

    @JsonPropertyDescription(
            "URL of an S3-compatible service (MinIO, Ceph...), e.g. https://minio.storage:9000; only with a"
                    + " credentialsSecret. Default: AWS S3, or the endpoint of the operator's configuration (AWS_ENDPOINT_URL_S3).")
    private String endpoint;

    @JsonPropertyDescription(
            "Address the bucket in the URL path instead of the host name; most S3-compatible services need true. Default false.")
    private Boolean forcePathStyle;

    @JsonPropertyDescription(
            "Name of a Secret in the same namespace with the keys 'accessKeyId', 'secretAccessKey' and optionally 'sessionToken'."
                    + " Default: the AWS default credentials chain of the operator (environment, IRSA web identity, instance profile),"
                    + " in the namespaces the operator allows to use it (ACCOUNT_BACKUP_OPERATOR_CREDENTIALS_NAMESPACES).")
    private String credentialsSecret;

    @JsonPropertyDescription(
            "KMS key id or ARN to encrypt the objects with (SSE-KMS). Default: the bucket's default encryption.")
    private String kmsKeyId;

    @JsonPropertyDescription(
            "Send a CRC32 checksum with every upload and check the ones returned, as the AWS SDK does. Default true."
                    + " Set false for S3-compatible services that reject these checksums (some Ceph, Dell ECS, Backblaze B2 or GCS"
                    + " versions answer 400); the SHA-256 of every file in the manifest still proves the backup intact.")
    private Boolean payloadChecksums;

    @JsonPropertyDescription(
            "Put S3 Object Lock retention on every object of each backup (table files and manifest), so that"
                    + " nobody, the operator included, can delete or overwrite it before the lock expires. The bucket must have"
                    + " Object Lock enabled. Retention and deletionPolicy Delete skip backups that are still locked."
                    + " Default: no lock.")
    private ObjectLockSpec objectLock;

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
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

    public Boolean getForcePathStyle() {
        return forcePathStyle;
    }

    public void setForcePathStyle(Boolean forcePathStyle) {
        this.forcePathStyle = forcePathStyle;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }

    public String getKmsKeyId() {
        return kmsKeyId;
    }

    public void setKmsKeyId(String kmsKeyId) {
        this.kmsKeyId = kmsKeyId;
    }

    public Boolean getPayloadChecksums() {
        return payloadChecksums;
    }

    public void setPayloadChecksums(Boolean payloadChecksums) {
        this.payloadChecksums = payloadChecksums;
    }

    public ObjectLockSpec getObjectLock() {
        return objectLock;
    }

    public void setObjectLock(ObjectLockSpec objectLock) {
        this.objectLock = objectLock;
    }
}
