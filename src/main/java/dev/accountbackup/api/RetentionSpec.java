package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** How many scheduled backups are kept in storage, and how many failed attempts status remembers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionSpec {

    @Min(0)
    @JsonPropertyDescription(
            "Always keep at least the newest N successful backups, whatever their age. Unset: no count rule.")
    private Integer keepLast;

    @JsonPropertyDescription(
            "Delete successful backups older than this (e.g. 14d, 12h, 2w, 1d12h), unless keepLast protects them."
                    + " Unset: no age rule. The newest successful backup is never deleted.")
    private String maxAge;

    @Min(0)
    @JsonPropertyDescription("How many failed runs status.recentBackups remembers. Default 3.")
    private Integer keepFailed;

    public Integer getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(Integer keepLast) {
        this.keepLast = keepLast;
    }

    public String getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(String maxAge) {
        this.maxAge = maxAge;
    }

    public Integer getKeepFailed() {
        return keepFailed;
    }

    public void setKeepFailed(Integer keepFailed) {
        this.keepFailed = keepFailed;
    }
}
