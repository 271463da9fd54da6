package dev.accountbackup.operator.jobs.batch;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubernetes Job of one attempt: owned by its resource (deleted with it), labelled with the resource, the run and
 * the attempt (so a restarted operator finds it), one pod that is never restarted (the operator retries, with its
 * back-off), locked down like the operator's own pod.
 */
final class JobTemplate {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "account-backup-operator";
    static final String OWNER_UID = "accountbackup.dev/owner-uid";
    static final String OWNER_KIND = "accountbackup.dev/owner-kind";
    static final String OWNER_NAME = "accountbackup.dev/owner-name";
    static final String RUN = "accountbackup.dev/run";
    static final String ATTEMPT = "accountbackup.dev/attempt";
    private static final int MAX_LABEL = 63;
    private static final long RUN_AS_USER = 65532;

    private JobTemplate() {}

    /** A name of at most 63 characters, unique per resource, run and attempt, that says whose Job it is. */
    static String name(HasMetadata owner, String command, String run, int attempt) {
        String base = owner.getMetadata().getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (base.length() > 36) {
            base = base.substring(0, 36);
        }
        base = base.replaceAll("-+$", "");
        return command + "-" + base + "-" + hash(owner.getMetadata().getUid() + "/" + run + "/" + attempt);
    }

    static Job build(
            HasMetadata owner,
            String run,
            int attempt,
            PodCommand command,
            RunAsPod runAs,
            BatchJobSettings settings,
            String image) {
        String name = name(owner, command.args().get(0), run, attempt);
        Map<String, String> labels = labels(owner, run, attempt);
        List<Volume> volumes = new ArrayList<>(command.volumes());
        volumes.add(new VolumeBuilder()
                .withName("tmp")
                .withNewEmptyDir()
                .withSizeLimit(new Quantity("256Mi"))
                .endEmptyDir()
                .build());
        List<VolumeMount> mounts = new ArrayList<>(command.mounts());
        mounts.add(
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        String serviceAccount =
                runAs.serviceAccountName() != null ? runAs.serviceAccountName() : settings.serviceAccount();
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind())
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0) // the operator retries, with the resource's backoffLimit and back-off
                .withTtlSecondsAfterFinished((int)
                        Math.min(Integer.MAX_VALUE, settings.ttlAfterFinished().toSeconds()))
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .withAnnotations(command.annotations().isEmpty() ? null : command.annotations())
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(serviceAccount)
                // the run needs no Kubernetes API (an IAM role's token is mounted apart from this one)
                .withAutomountServiceAccountToken(false)
                .withNodeSelector(runAs.nodeSelector())
                .withTolerations(runAs.tolerations())
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(RUN_AS_USER)
                        .withRunAsGroup(RUN_AS_USER)
                        .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
                        .build())
                .withContainers(new ContainerBuilder()
                        .withName("run")
                        .withImage(image)
                        .withArgs(command.args())
                        .withEnv(command.env())
                        .withVolumeMounts(mounts)
                        .withResources(runAs.resources())
                        .withTerminationMessagePolicy("FallbackToLogsOnError")
                        .withSecurityContext(new SecurityContextBuilder()
                                .withAllowPrivilegeEscalation(false)
                                .withReadOnlyRootFilesystem(true)
                                .withCapabilities(new Capabilities(null, List.of("ALL")))
                                .build())
                        .build())
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static Map<String, String> labels(HasMetadata owner, String run, int attempt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(OWNER_KIND, owner.getKind());
        labels.put(OWNER_UID, owner.getMetadata().getUid());
        if (owner.getMetadata().getName().length() <= MAX_LABEL) {
            labels.put(OWNER_NAME, owner.getMetadata().getName());
        }
        labels.put(RUN, run);
        labels.put(ATTEMPT, Integer.toString(attempt));
        return labels;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }
}
