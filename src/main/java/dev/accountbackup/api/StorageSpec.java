package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where backups are stored: exactly one of the kinds is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.s3) != has(self.filesystem)",
        message = "set exactly one of storage.s3 and storage.filesystem")
public class StorageSpec {

    @JsonPropertyDescription("Store backups in an S3 bucket (or an S3-compatible service).")
    private S3StorageSpec s3;

    @JsonPropertyDescription("Store backups in a directory of a volume mounted into the operator.")
    private FilesystemStorageSpec filesystem;

    @JsonPropertyDescription(
            "Sign every manifest with HMAC-SHA256 and refuse backups whose manifest is not signed by one of these"
                    + " keys (forged or changed backups). Without it, manifests are written unsigned and signatures are not checked.")
    private SigningSpec signing;

    @JsonPropertyDescription(
            "Encrypt every stored file client-side (backups and safety copies), with a key set from a Secret or an AWS KMS key."
                    + " Restores of encrypted backups need the key they were made under. Default: files are stored unencrypted.")
    private EncryptionSpec encryption;

    public S3StorageSpec getS3() {
        return s3;
    }

    public void setS3(S3StorageSpec s3) {
        this.s3 = s3;
    }

    public FilesystemStorageSpec getFilesystem() {
        return filesystem;
    }

    public void setFilesystem(FilesystemStorageSpec filesystem) {
        this.filesystem = filesystem;
    }

    public SigningSpec getSigning() {
        return signing;
    }

    public void setSigning(SigningSpec signing) {
        this.signing = signing;
    }

    public EncryptionSpec getEncryption() {
        return encryption;
    }

    public void setEncryption(EncryptionSpec encryption) {
        this.encryption = encryption;
    }
}
