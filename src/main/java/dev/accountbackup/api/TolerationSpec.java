package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A toleration of the Job's pod, as in a pod spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TolerationSpec {

    @JsonPropertyDescription("Taint key the toleration applies to; empty with operator Exists for every taint.")
    private String key;

    @JsonPropertyDescription("Exists or Equal (default).")
    private String operator;

    @JsonPropertyDescription("Taint value to match, with operator Equal.")
    private String value;

    @JsonPropertyDescription("NoSchedule, PreferNoSchedule or NoExecute; empty for all.")
    private String effect;

    @JsonPropertyDescription("With effect NoExecute: how long the pod stays on a node after the taint appears.")
    private Long tolerationSeconds;

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getOperator() {
        return operator;
    }

    public void setOperator(String operator) {
        this.operator = operator;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public String getEffect() {
        return effect;
    }

    public void setEffect(String effect) {
        this.effect = effect;
    }

    public Long getTolerationSeconds() {
        return tolerationSeconds;
    }

    public void setTolerationSeconds(Long tolerationSeconds) {
        this.tolerationSeconds = tolerationSeconds;
    }
}
