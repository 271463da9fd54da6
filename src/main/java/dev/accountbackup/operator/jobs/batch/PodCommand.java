package dev.accountbackup.operator.jobs.batch;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line of the operator's image and what its container needs: arguments that hold no secret, environment
 * variables whose secret values come from Secrets by reference, Secrets mounted as directories of files, and
 * documents too long for an argument, carried by the pod's annotations and mounted as files.
 *
 * @param annotations annotations of the pod, each mounted as a file by a volume of {@code volumes}
 */
public record PodCommand(
        List<String> args,
        List<EnvVar> env,
        List<Volume> volumes,
        List<VolumeMount> mounts,
        Map<String, String> annotations) {

    /** What one pod's annotations may hold in all, with room to spare below the API server's 256 KiB. */
    public static final int MAX_ANNOTATIONS_BYTES = 192 * 1024;

    public PodCommand {
        args = List.copyOf(args);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
        mounts = List.copyOf(mounts);
        annotations = Map.copyOf(annotations);
    }

    /** The same command with more arguments at the end. */
    PodCommand withArgs(String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return new PodCommand(all, env, volumes, mounts, annotations);
    }

    public static Builder command(String name) {
        return new Builder().arg(name);
    }

    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final List<EnvVar> env = new ArrayList<>();
        private final List<Volume> volumes = new ArrayList<>();
        private final List<VolumeMount> mounts = new ArrayList<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();

        public Builder arg(String... values) {
            args.addAll(List.of(values));
            return this;
        }

        /** A setting that is no secret (a region, an endpoint, a path). */
        public Builder env(String name, String value) {
            env.add(new EnvVar(name, value, null));
            return this;
        }

        /** A value the kubelet takes from a Secret of the pod's namespace: it never appears in the Job. */
        public Builder secretEnv(String name, String secret, String key, boolean optional) {
            env.add(new EnvVarBuilder()
                    .withName(name)
                    .withNewValueFrom()
                    .withNewSecretKeyRef(key, secret, optional)
                    .endValueFrom()
                    .build());
            return this;
        }

        /** A Secret mounted read-only as a directory of one file per key, at {@code path}. */
        public Builder secretFiles(String volumeName, String secret, String path) {
            return secretFiles(volumeName, secret, path, false);
        }

        /** As {@link #secretFiles(String, String, String)}; an optional Secret that is missing leaves the directory empty. */
        public Builder secretFiles(String volumeName, String secret, String path, boolean optional) {
            volumes.add(new VolumeBuilder()
                    .withName(volumeName)
                    .withNewSecret()
                    .withSecretName(secret)
                    .withDefaultMode(0400)
                    .withOptional(optional ? Boolean.TRUE : null)
                    .endSecret()
                    .build());
            return mountReadOnly(volumeName, path);
        }

        /**
         * A document (no secret: the Job shows it) mounted read-only as the file {@code path/file}, carried by an
         * annotation of the pod and written by the kubelet's downward API: no other resource to create or clean up.
         *
         * @throws IllegalArgumentException when the documents are more than {@link #MAX_ANNOTATIONS_BYTES}
         */
        public Builder documentFile(String volumeName, String annotation, String document, String path, String file) {
            annotations.put(annotation, document);
            int size = annotations.entrySet().stream()
                    .mapToInt(e -> e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length)
                    .sum();
            if (size > MAX_ANNOTATIONS_BYTES) {
                throw new IllegalArgumentException("documents larger than " + MAX_ANNOTATIONS_BYTES / 1024 + " KiB");
            }
            volumes.add(new VolumeBuilder()
                    .withName(volumeName)
                    .withNewDownwardAPI()
                    .withDefaultMode(0444)
                    .addNewItem()
                    .withPath(file)
                    .withNewFieldRef()
                    .withFieldPath("metadata.annotations['" + annotation + "']")
                    .endFieldRef()
                    .endItem()
                    .endDownwardAPI()
                    .build());
            return mountReadOnly(volumeName, path);
        }

        private Builder mountReadOnly(String volumeName, String path) {
            mounts.add(new VolumeMountBuilder()
                    .withName(volumeName)
                    .withMountPath(path)
                    .withReadOnly(true)
                    .build());
            return this;
        }

        public PodCommand build() {
            return new PodCommand(args, env, volumes, mounts, annotations);
        }
    }
}
