package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A scheduled time that got no backup, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SkippedRun {

    @JsonPropertyDescription("The scheduled time, RFC 3339 UTC.")
    private String time;

    @JsonPropertyDescription("Why no backup ran at that time.")
    private String reason;

    public SkippedRun() {}

    public SkippedRun(String time, String reason) {
        this.time = time;
        this.reason = reason;
    }

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
