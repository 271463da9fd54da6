package dev.accountbackup.demo;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;

/**
 * A Kubernetes API server in this process (Fabric8's mock server in CRUD mode) with the operator's
 * CRDs installed, for the demo and the tests. It stores and watches resources like an API server,
 * treats /status as a subresource once the CRDs are registered, and has no server-side apply: run
 * the operator against it with status patches instead (see OperatorSettings).
 */
public final class InProcessKubernetes implements AutoCloseable {

    /** The CRDs the build generates from the API classes, as packaged in the jar. */
    public static final List<String> CRD_RESOURCES = List.of(
            "META-INF/fabric8/accountbackups.accountbackup.dev-v1.yml",
            "META-INF/fabric8/accountrestores.accountbackup.dev-v1.yml");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private InProcessKubernetes(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    public static InProcessKubernetes start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        KubernetesClient client = server.createClient();
        for (String resource : CRD_RESOURCES) {
            try (InputStream in = InProcessKubernetes.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("CRD " + resource + " is not on the classpath: build with mvn package");
                }
                CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new InProcessKubernetes(server, client);
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
