package dev.accountbackup.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The install manifests parse as Kubernetes objects and say what the operator needs, and no more. */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void kustomizationListsEveryManifestAndTheGeneratedCrds() throws IOException {
        Map<String, Object> kustomization = yaml(DEPLOY.resolve("kustomization.yaml"));
        List<?> resources = (List<?>) kustomization.get("resources");
        Set<String> manifests;
        try (Stream<Path> files = Files.list(DEPLOY)) {
            manifests = files.map(p -> p.getFileName().toString())
                    .filter(DeployManifestsTest::isManifest)
                    .collect(Collectors.toSet());
        }
        assertTrue(resources.containsAll(manifests), "not installed: " + manifests);
        assertTrue(resources.contains("../crds"));

        List<?> crds = (List<?>) yaml(Path.of("crds/kustomization.yaml")).get("resources");
        Set<String> generated;
        try (Stream<Path> files = Files.list(Path.of("target/classes/META-INF/fabric8"))) {
            generated = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("-v1.yml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(
                generated, new TreeSet<>(crds.stream().map(Object::toString).toList()));
        for (String crd : generated) {
            assertEquals(
                    Files.readString(Path.of("target/classes/META-INF/fabric8", crd)),
                    Files.readString(Path.of("crds", crd)),
                    "crds/" + crd + " differs from what the build generates");
        }
    }

    @Test
    void deploymentRunsTheOperatorLockedDown() throws IOException {
        Deployment deployment = only(Deployment.class);
        assertEquals(1, deployment.getSpec().getReplicas());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals("account-backup-operator", pod.getServiceAccountName());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        Container c = pod.getContainers().get(0);
        assertEquals("account-backup-operator:0.1.0", c.getImage());
        assertEquals(List.of("operator"), c.getArgs());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertNotNull(c.getResources().getRequests().get("memory"));
        assertNotNull(c.getResources().getLimits().get("memory"));

        int healthPort = OperatorSettings.fromEnvironment(Map.of()).ports().health();
        assertEquals(healthPort, c.getPorts().get(0).getContainerPort());
        assertEquals("/healthz", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/readyz", c.getReadinessProbe().getHttpGet().getPath());

        EnvVar podNamespace = c.getEnv().stream()
                .filter(e -> e.getName().equals("POD_NAMESPACE"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "metadata.namespace", podNamespace.getValueFrom().getFieldRef().getFieldPath());
        EnvVar podName = c.getEnv().stream()
                .filter(e -> e.getName().equals("POD_NAME"))
                .findFirst()
                .orElseThrow();
        assertEquals("metadata.name", podName.getValueFrom().getFieldRef().getFieldPath(), "Jobs run this image");

        assertEquals("tmp", mount(c, "/tmp").getName());
        assertNotNull(volume(pod, "tmp").getEmptyDir());
        assertNotNull(volume(pod, mount(c, "/var/lib/account-backup").getName()).getPersistentVolumeClaim());
        assertTrue(
                c.getAdditionalProperties().isEmpty()
                        && pod.getAdditionalProperties().isEmpty(),
                "unknown fields: a typo?");
    }

    @Test
    void rbacGrantsOnlyWhatTheOperatorUses() throws IOException {
        ClusterRole role = only(ClusterRole.class);
        for (PolicyRule rule : role.getRules()) {
            assertFalse(rule.getVerbs().contains("*")
                    || rule.getResources().contains("*")
                    || rule.getApiGroups().contains("*"));
        }
        assertEquals(List.of("get"), rule(role.getRules(), "secrets").getVerbs());
        assertEquals(
                Set.of("create", "patch"),
                Set.copyOf(rule(role.getRules(), "events").getVerbs()));
        // patch/update on AccountBackups only for the finalizer of deletionPolicy
        assertEquals(
                Set.of("get", "list", "watch", "patch", "update"),
                Set.copyOf(rule(role.getRules(), "accountbackups").getVerbs()));
        assertEquals(
                Set.of("get", "list", "watch"),
                Set.copyOf(rule(role.getRules(), "accountrestores").getVerbs()));
        assertTrue(rule(role.getRules(), "accountbackups/status").getVerbs().contains("patch"));
        assertTrue(rule(role.getRules(), "accountrestores/status").getVerbs().contains("patch"));
        // erasures: read, and only their status written
        assertEquals(
                Set.of("get", "list", "watch"),
                Set.copyOf(rule(role.getRules(), "accounterasures").getVerbs()));
        assertTrue(rule(role.getRules(), "accounterasures/status").getVerbs().contains("patch"));

        // runs as Kubernetes Jobs: the Jobs it labels, and its own pod for their image
        assertEquals(
                Set.of("create", "get", "list", "watch", "delete"),
                Set.copyOf(rule(role.getRules(), "jobs").getVerbs()));
        assertEquals(List.of("batch"), rule(role.getRules(), "jobs").getApiGroups());

        List<Role> roles = all(Role.class);
        assertEquals(2, roles.size());
        for (Role namespaced : roles) {
            assertEquals("account-backup-system", namespaced.getMetadata().getNamespace());
        }
        assertEquals(
                Set.of(List.of("leases"), List.of("pods")),
                Set.copyOf(roles.stream()
                        .map(r -> r.getRules().get(0).getResources())
                        .toList()));
        assertEquals(
                List.of("get"),
                rule(roles.stream().flatMap(r -> r.getRules().stream()).toList(), "pods")
                        .getVerbs());
    }

    private static PolicyRule rule(List<PolicyRule> rules, String resource) {
        return rules.stream()
                .filter(r -> r.getResources().contains(resource))
                .findFirst()
                .orElseThrow(() -> new AssertionError(resource));
    }

    private static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(path));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name));
    }

    private static <T extends HasMetadata> T only(Class<T> type) throws IOException {
        List<T> found = all(type);
        assertEquals(1, found.size(), type.getSimpleName());
        return found.get(0);
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) throws IOException {
        return objects().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The YAML files are what kustomize installs; the others (IAM policy, PostgreSQL grants) are for administrators. */
    private static boolean isManifest(String fileName) {
        return fileName.endsWith(".yaml") && !fileName.equals("kustomization.yaml");
    }

    /** Every object of every manifest, parsed into Fabric8's typed model. */
    private static List<HasMetadata> objects() throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY)) {
            for (Path file : files.filter(p -> isManifest(p.getFileName().toString()))
                    .sorted()
                    .toList()) {
                for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (!doc.replaceAll("(?m)^\\s*#.*$", "").isBlank()) {
                        HasMetadata object = YAML.unmarshal(doc);
                        assertNotNull(object.getMetadata().getName(), file + " has an object without a name");
                        objects.add(object);
                    }
                }
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return YAML.unmarshal(Files.readString(file), Map.class);
    }
}
