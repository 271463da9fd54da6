package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU and memory of a Job's container, as Kubernetes quantities. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunResourcesSpec {

    @JsonPropertyDescription("What the container is guaranteed, e.g. {cpu: 500m, memory: 512Mi}.")
    private Map<String, String> requests = new LinkedHashMap<>();

    @JsonPropertyDescription(
            "The most the container may use, e.g. {memory: 1Gi}; above its memory limit the pod is killed and the attempt"
                    + " retried.")
    private Map<String, String> limits = new LinkedHashMap<>();

    public Map<String, String> getRequests() {
        return requests;
    }

    public void setRequests(Map<String, String> requests) {
        this.requests = requests;
    }

    public Map<String, String> getLimits() {
        return limits;
    }

    public void setLimits(Map<String, String> limits) {
        this.limits = limits;
    }
}
