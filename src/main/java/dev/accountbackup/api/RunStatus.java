package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What backups and restores both report: a one-shot run with attempts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class RunStatus {

    @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
    private Phase phase;

    @JsonPropertyDescription("When the current (or last) attempt started, RFC 3339 UTC.")
    private String startedAt;

    @JsonPropertyDescription("When the run ended, successfully or not, RFC 3339 UTC.")
    private String completedAt;

    @JsonPropertyDescription("Attempts made so far; transient failures are retried up to spec.backoffLimit times.")
    private Integer attempts;

    @JsonPropertyDescription("What happened last, in words: the error to fix when Failed.")
    private String message;

    @JsonPropertyDescription("Standard conditions; Ready is True once the run succeeded.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getCompletedAt() {
        return completedAt;
    }

    public void setCompletedAt(String completedAt) {
        this.completedAt = completedAt;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
