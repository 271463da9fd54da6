package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the export or restore of a resource runs, and, as a Kubernetes Job, with what pod settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunAsSpec {

    @JsonPropertyDescription(
            "InProcess: on the operator's own threads. Job: as a Kubernetes Job in this namespace running the operator's"
                    + " image's command line, with the Secrets the spec names mounted into its pod (S3 storage only)."
                    + " RDS snapshot steps always run in the operator. Default: the operator's setting ACCOUNT_BACKUP_RUN_AS"
                    + " (InProcess unless set).")
    private RunMode mode;

    @JsonPropertyDescription(
            "CPU and memory requests and limits of the Job's container. Default: none (the namespace's LimitRange applies).")
    private RunResourcesSpec resources;

    @JsonPropertyDescription("Node labels the Job's pod must run on.")
    private Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Tolerations of the Job's pod.")
    private List<TolerationSpec> tolerations = new ArrayList<>();

    @JsonPropertyDescription(
            "Service account of the Job's pod, in this namespace, e.g. one bound to an IAM role for S3 (IRSA). Default:"
                    + " the operator's setting ACCOUNT_BACKUP_JOB_SERVICE_ACCOUNT, else the namespace's default service account.")
    private String serviceAccountName;

    public RunMode getMode() {
        return mode;
    }

    public void setMode(RunMode mode) {
        this.mode = mode;
    }

    public RunResourcesSpec getResources() {
        return resources;
    }

    public void setResources(RunResourcesSpec resources) {
        this.resources = resources;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<TolerationSpec> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<TolerationSpec> tolerations) {
        this.tolerations = tolerations;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }
}
