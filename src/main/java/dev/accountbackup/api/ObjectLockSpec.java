package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** S3 Object Lock retention on every object of every backup, against deletion and overwriting. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectLockSpec {

    @Required
    @JsonPropertyDescription("GOVERNANCE (principals with s3:BypassGovernanceRetention can still delete) or COMPLIANCE"
            + " (nobody can delete or shorten the lock before it expires, not even the account's root user).")
    private String mode;

    @Required
    @JsonPropertyDescription("How long each backup stays locked, counted from the backup's start: a number and a unit,"
            + " w (weeks), d (days), h (hours), e.g. 30d. At least 1d, at most 3650d.")
    private String retainFor;

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getRetainFor() {
        return retainFor;
    }

    public void setRetainFor(String retainFor) {
        this.retainFor = retainFor;
    }
}
