package dev.accountbackup.demo;

import dev.accountbackup.operator.CustomResourceDefinitions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A Kubernetes API server in this process (Fabric8's mock server in CRUD mode) with the operator's
 * CRDs installed, for the demo. It stores and watches resources like an API server and treats
 * /status as a subresource once the CRDs are installed, but has no server-side apply: run the
 * operator against it with merge-patched status (OperatorSettings.local()).
 */
public final class InProcessKubernetes implements AutoCloseable {

    /** The mock server logs every request through java.util.logging; kept referenced so the level sticks. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private InProcessKubernetes(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    public static InProcessKubernetes start() {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        KubernetesClient client = server.createClient();
        CustomResourceDefinitions.install(client);
        return new InProcessKubernetes(server, client);
    }

    public KubernetesClient client() {
        return client;
    }

    /** The server's address, e.g. for a kubeconfig that another process uses. */
    public String url() {
        return server.url("/");
    }

    /** Another client of this server, e.g. one that counts its requests (the caller closes it). */
    public KubernetesClient newClient(Consumer<KubernetesClientBuilder> customizer) {
        return server.createClient(customizer);
    }

    @Override
    public void close() {
        client.close();
        shutDown(server);
    }

    /**
     * Stops a mock server. Fabric8's MockWebServer (7.5.x) can throw RejectedExecutionException at
     * the end of its shutdown, once the server has already stopped: its event loop ends before a
     * last completion callback runs (fixed upstream after 7.5). The server is down either way.
     */
    public static void shutDown(KubernetesMockServer server) {
        try {
            server.destroy();
        } catch (RejectedExecutionException stoppedAlready) {
            // see above: nothing is left running
        }
    }
}
