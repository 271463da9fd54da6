package dev.accountbackup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.operator.CustomResourceDefinitions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generated CRDs document every spec field (for kubectl explain) and show what matters in kubectl get. */
class CustomResourceDefinitionsTest {

    @Test
    void crdsAreNamespacedVersionedWithStatusAndShortNames() {
        Map<String, CustomResourceDefinition> crds = crds();
        assertEquals(
                Set.of(
                        "accountbackups.accountbackup.dev",
                        "accountrestores.accountbackup.dev",
                        "accounterasures.accountbackup.dev"),
                crds.keySet());
        assertEquals(
                List.of("ab"),
                crds.get("accountbackups.accountbackup.dev")
                        .getSpec()
                        .getNames()
                        .getShortNames());
        assertEquals(
                List.of("ar"),
                crds.get("accountrestores.accountbackup.dev")
                        .getSpec()
                        .getNames()
                        .getShortNames());
        assertEquals(
                List.of("ae"),
                crds.get("accounterasures.accountbackup.dev")
                        .getSpec()
                        .getNames()
                        .getShortNames());
        for (CustomResourceDefinition crd : crds.values()) {
            assertEquals("Namespaced", crd.getSpec().getScope());
            CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
            assertEquals("v1alpha1", v.getName());
            assertNotNull(v.getSubresources().getStatus(), "status subresource");
        }
    }

    @Test
    void everySpecFieldIsDescribed() {
        for (CustomResourceDefinition crd : crds().values()) {
            JSONSchemaProps spec = crd.getSpec()
                    .getVersions()
                    .get(0)
                    .getSchema()
                    .getOpenAPIV3Schema()
                    .getProperties()
                    .get("spec");
            List<String> undocumented = new ArrayList<>();
            collectUndocumented("spec", spec, undocumented);
            assertTrue(undocumented.isEmpty(), crd.getMetadata().getName() + " lacks descriptions: " + undocumented);
        }
    }

    @Test
    void printerColumnsShowPhaseBackupIdAndAge() {
        for (CustomResourceDefinition crd : crds().values()) {
            Set<String> paths = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                    .filter(c -> c.getPriority() == null || c.getPriority() == 0)
                    .map(CustomResourceColumnDefinition::getJsonPath)
                    .collect(Collectors.toSet());
            // an erasure concerns every backup of its namespace: its ledger entry stands where a backup id would
            String id =
                    crd.getMetadata().getName().startsWith("accounterasures") ? ".status.entryId" : ".status.backupId";
            assertTrue(paths.containsAll(Set.of(".status.phase", id, ".metadata.creationTimestamp")), paths.toString());
        }
    }

    private static void collectUndocumented(String path, JSONSchemaProps props, List<String> undocumented) {
        if (props.getProperties() == null) {
            return;
        }
        props.getProperties().forEach((name, child) -> {
            if (child.getDescription() == null || child.getDescription().isBlank()) {
                undocumented.add(path + "." + name);
            }
            collectUndocumented(path + "." + name, child, undocumented);
            if (child.getItems() != null && child.getItems().getSchema() != null) {
                collectUndocumented(path + "." + name + "[]", child.getItems().getSchema(), undocumented);
            }
        });
    }

    private static Map<String, CustomResourceDefinition> crds() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            return CustomResourceDefinitions.load(client).stream()
                    .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));
        }
    }
}
