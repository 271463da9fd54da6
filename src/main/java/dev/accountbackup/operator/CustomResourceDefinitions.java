package dev.accountbackup.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CRDs generated from the API classes at build time (META-INF/fabric8 in the jar), for
 * installing them into an in-process API server (the demo, tests). Clusters install crds/ with kubectl.
 */
public final class CustomResourceDefinitions {

    public static final List<String> RESOURCES = List.of(
            "META-INF/fabric8/accountbackups.accountbackup.dev-v1.yml",
            "META-INF/fabric8/accountrestores.accountbackup.dev-v1.yml",
            "META-INF/fabric8/accounterasures.accountbackup.dev-v1.yml");

    private CustomResourceDefinitions() {}

    public static List<CustomResourceDefinition> load(KubernetesClient client) {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (String resource : RESOURCES) {
            try (InputStream in =
                    CustomResourceDefinitions.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(
                            resource + " is missing from the class path: build with mvn, which generates it");
                }
                crds.add(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return crds;
    }

    /** Creates or updates the CRDs. */
    public static void install(KubernetesClient client) {
        for (CustomResourceDefinition crd : load(client)) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .createOr(NonDeletingOperation::update);
        }
    }
}
