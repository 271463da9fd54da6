package dev.accountbackup.operator.jobs.batch;

import dev.accountbackup.engine.BackupException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The image Jobs run: the one the settings name, else the operator's own, read once from its pod (POD_NAME and
 * POD_NAMESPACE, from the downward API), so that Jobs always run the operator's version.
 */
public final class OwnImage implements Supplier<String> {

    private final KubernetesClient client;
    private final String configured;
    private final Map<String, String> env;
    private volatile String image;

    public OwnImage(KubernetesClient client, String configured, Map<String, String> env) {
        this.client = client;
        this.configured = configured;
        this.env = Map.copyOf(env);
    }

    @Override
    public String get() {
        if (configured != null) {
            return configured;
        }
        String known = image;
        if (known == null) {
            known = lookUp();
            image = known;
        }
        return known;
    }

    private String lookUp() {
        String pod = env.get("POD_NAME");
        String namespace = env.get("POD_NAMESPACE");
        String fix = "set " + BatchJobSettings.IMAGE + " to the operator's image";
        if (pod == null || pod.isBlank() || namespace == null || namespace.isBlank()) {
            throw BackupException.invalid("the image of the Jobs is unknown: " + fix
                    + " (or give the operator POD_NAME and POD_NAMESPACE from the downward API)");
        }
        try {
            Pod own = client.pods().inNamespace(namespace).withName(pod).get();
            if (own == null || own.getSpec().getContainers().isEmpty()) {
                throw BackupException.invalid("the operator's pod " + namespace + "/" + pod + " was not found: " + fix);
            }
            return own.getSpec().getContainers().stream()
                    .map(Container::getImage)
                    .findFirst()
                    .orElseThrow();
        } catch (KubernetesClientException e) {
            throw KubernetesJobs.apiError("reading the operator's pod for its image (" + fix + ")", e);
        }
    }
}
