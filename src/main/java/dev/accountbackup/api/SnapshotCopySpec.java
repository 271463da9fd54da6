package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A region each snapshot is copied to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotCopySpec {

    @Required
    @JsonPropertyDescription("AWS region the copy is made in, e.g. eu-central-1.")
    private String region;

    @JsonPropertyDescription(
            "KMS key (id, ARN or alias) of the target region to encrypt the copy with; required when the snapshot is encrypted.")
    private String kmsKeyId;

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getKmsKeyId() {
        return kmsKeyId;
    }

    public void setKmsKeyId(String kmsKeyId) {
        this.kmsKeyId = kmsKeyId;
    }
}
