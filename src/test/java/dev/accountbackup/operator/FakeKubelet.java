package dev.accountbackup.operator;

import dev.accountbackup.cli.Main;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the kubelet: it watches Jobs, resolves each one's container environment from the Secrets it names
 * (secretKeyRef variables, Secret volumes and annotation files written to a directory the variables and arguments
 * then point to), runs the container's
 * command in this process through the command line's entry point with that environment, and sets the Job's status as
 * Kubernetes would (Complete or Failed). Tests can hold Jobs before they run, and kill the next ones without running
 * them (as an out-of-memory kill would).
 */
final class FakeKubelet implements AutoCloseable {

    private static final Pattern ANNOTATION = Pattern.compile("metadata\\.annotations\\['(.+)'\\]");

    private final KubernetesClient client;
    private final SharedIndexInformer<Job> informer;
    private final ExecutorService pods = Executors.newCachedThreadPool();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final AtomicInteger toKill = new AtomicInteger();
    private final Path volumes;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    /** Every Job started, as created. */
    final List<Job> jobs = new CopyOnWriteArrayList<>();
    /** What each Job's command printed, by Job name. */
    final Map<String, String> logs = new ConcurrentHashMap<>();

    FakeKubelet(KubernetesClient client) throws IOException {
        this.client = client;
        this.volumes = Files.createTempDirectory("fake-kubelet");
        this.informer = client.batch().v1().jobs().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                if (job.getStatus() == null || job.getStatus().getConditions().isEmpty()) {
                    if (started.add(job.getMetadata().getUid())) {
                        jobs.add(job);
                        pods.execute(() -> run(job));
                    }
                }
            }

            @Override
            public void onUpdate(Job before, Job job) {}

            @Override
            public void onDelete(Job job, boolean unknown) {}
        });
    }

    /** Jobs created from now on wait, until {@link #release}. */
    void hold() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    /** The next {@code count} Jobs fail without running their command, as a pod killed for lack of memory. */
    void killNext(int count) {
        toKill.set(count);
    }

    private void run(Job job) {
        String namespace = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        try {
            if (toKill.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                finish(job, false);
                return;
            }
            if (!hold.await(60, TimeUnit.SECONDS)) {
                return;
            }
            if (client.batch().v1().jobs().inNamespace(namespace).withName(name).get() == null) {
                return; // deleted while it waited: its pod went with it
            }
            Container container =
                    job.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> mounted = new HashMap<>();
            Map<String, String> env = environment(job, container, mounted);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    env,
                    container.getArgs().stream()
                            .map(arg -> inMount(arg, mounted))
                            .toArray(String[]::new));
            logs.put(name, out + "" + err);
            finish(job, exit == 0);
        } catch (Exception e) {
            logs.put(name, "kubelet stand-in: " + e);
            finish(job, false);
        }
    }

    /** A path in a mounted volume as this process finds it (an argument such as /etc/x/salt); else the argument. */
    private static String inMount(String arg, Map<String, String> mounted) {
        for (Map.Entry<String, String> mount : mounted.entrySet()) {
            if (arg.startsWith(mount.getKey() + "/")) {
                return mount.getValue() + arg.substring(mount.getKey().length());
            }
        }
        return arg;
    }

    /**
     * The container's environment: plain values, values from Secrets, mounted Secrets as directories, and files of
     * the pod's annotations (downward API); {@code mounted} gets each mount path's directory here.
     */
    private Map<String, String> environment(Job job, Container container, Map<String, String> mounted)
            throws IOException {
        String namespace = job.getMetadata().getNamespace();
        Map<String, String> annotations =
                job.getSpec().getTemplate().getMetadata().getAnnotations();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = job.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow();
            Path dir;
            if (volume.getSecret() != null) {
                dir = Files.createTempDirectory(volumes, mount.getName());
                for (Map.Entry<String, String> entry :
                        secret(namespace, volume.getSecret().getSecretName()).entrySet()) {
                    Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
                }
            } else if (volume.getDownwardAPI() != null) {
                dir = Files.createTempDirectory(volumes, mount.getName());
                for (DownwardAPIVolumeFile item : volume.getDownwardAPI().getItems()) {
                    Matcher annotation = ANNOTATION.matcher(item.getFieldRef().getFieldPath());
                    if (!annotation.matches() || annotations == null || !annotations.containsKey(annotation.group(1))) {
                        throw new IllegalStateException("CreateContainerConfigError: "
                                + item.getFieldRef().getFieldPath());
                    }
                    Files.writeString(dir.resolve(item.getPath()), annotations.get(annotation.group(1)));
                }
            } else {
                continue;
            }
            mounted.put(mount.getMountPath(), dir.toString());
        }
        Map<String, String> env = new HashMap<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                env.put(variable.getName(), mounted.getOrDefault(variable.getValue(), variable.getValue()));
                continue;
            }
            SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
            String value = secret(namespace, ref.getName()).get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new IllegalStateException("CreateContainerConfigError: no key " + ref.getKey());
            }
            if (value != null) {
                env.put(variable.getName(), value);
            }
        }
        return env;
    }

    private Map<String, String> secret(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        Map<String, String> values = new HashMap<>();
        if (secret != null && secret.getData() != null) {
            secret.getData()
                    .forEach((k, v) ->
                            values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return values;
    }

    private void finish(Job job, boolean succeeded) {
        Job current = client.batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName())
                .get();
        if (current == null) {
            return;
        }
        current.setStatus(new JobStatusBuilder()
                .withSucceeded(succeeded ? 1 : 0)
                .withFailed(succeeded ? 0 : 1)
                .withConditions(new JobConditionBuilder()
                        .withType(succeeded ? "Complete" : "Failed")
                        .withStatus("True")
                        .build())
                .build());
        client.batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .resource(current)
                .updateStatus();
    }

    @Override
    public void close() {
        release();
        informer.close();
        pods.shutdownNow();
    }
}
