package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The keys that sign every manifest written and check every manifest read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SigningSpec {

    @Required
    @JsonPropertyDescription(
            "Secret in the resource's namespace holding the signing keys: the key 'current' names the id of the key"
                    + " to sign with, and every other key is a key id whose value is at least 32 random bytes, base64-encoded"
                    + " (openssl rand -base64 32). Keep old key ids after a rotation so that older backups stay usable.")
    private String keySecret;

    public String getKeySecret() {
        return keySecret;
    }

    public void setKeySecret(String keySecret) {
        this.keySecret = keySecret;
    }
}
