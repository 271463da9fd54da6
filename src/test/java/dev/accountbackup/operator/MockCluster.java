package dev.accountbackup.operator;

import dev.accountbackup.demo.InProcessKubernetes;
import dev.accountbackup.operator.resolve.TenantBoundary;
import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * An in-process Kubernetes API server (Fabric8 mock server in CRUD mode) with the generated CRDs
 * installed, so that /status is a subresource as on a real cluster, plus the operator under test.
 */
final class MockCluster implements AutoCloseable {

    /** The mock server logs every request through java.util.logging; held here so the setting sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    final KubernetesMockServer server;
    final KubernetesClient client;
    private RunningOperator operator;

    private MockCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    static MockCluster start() {
        // CRUD for everything, plus canned answers where a test sets them (expect())
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        KubernetesClient client = server.createClient();
        CustomResourceDefinitions.install(client);
        return new MockCluster(server, client);
    }

    /** Settings for tests: quick retries and polls, no leader election, merge patches (the mock refuses server-side apply). */
    static OperatorSettings settings() {
        return OperatorSettings.local()
                .withRetryDelays(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withIntervals(Duration.ofSeconds(2), Duration.ofMinutes(10));
    }

    /** Test settings whose file-system storage may use this directory (each test's own temporary root). */
    static OperatorSettings settings(java.nio.file.Path storageRoot) {
        return settings().withTenancy(TenantBoundary.defaults().withFilesystemRoots(storageRoot));
    }

    RunningOperator startOperator() {
        return startOperator(settings());
    }

    RunningOperator startOperator(OperatorSettings settings) {
        stopOperator();
        operator = OperatorRunner.start(client, settings);
        return operator;
    }

    RunningOperator startOperator(OperatorSettings settings, BackupEngine engine) {
        stopOperator();
        operator = OperatorRunner.start(client, settings, engine);
        return operator;
    }

    RunningOperator startOperator(OperatorSettings settings, java.time.Clock clock) {
        return startOperator(settings, BackupEngine.standard(), clock);
    }

    RunningOperator startOperator(OperatorSettings settings, BackupEngine engine, java.time.Clock clock) {
        stopOperator();
        operator = OperatorRunner.start(client, settings, engine, clock);
        return operator;
    }

    void stopOperator() {
        if (operator != null) {
            operator.stop();
            operator = null;
        }
    }

    /**
     * Answers the access review JOSDK makes before leader election (the mock server cannot) with the
     * rules the operator's Role grants on Leases.
     */
    void allowLeaseAccess() {
        SelfSubjectRulesReview review = new SelfSubjectRulesReviewBuilder()
                .withNewMetadata().endMetadata()
                .withNewStatus().withIncomplete(false)
                .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                .withVerbs("get", "create", "update", "patch").endResourceRule()
                .endStatus().build();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201, review).always();
    }

    /** A Secret as the API returns it: base64 data (the mock server does not convert stringData). */
    void secret(String namespace, String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(data).build()).createOr(r -> r.update());
    }

    AccountBackup backup(String namespace, String name) {
        return client.resources(AccountBackup.class).inNamespace(namespace).withName(name).get();
    }

    AccountRestore restore(String namespace, String name) {
        return client.resources(AccountRestore.class).inNamespace(namespace).withName(name).get();
    }

    List<Event> events(String namespace, String involvedName) {
        return events(namespace, "AccountBackup", involvedName);
    }

    List<Event> restoreEvents(String namespace, String involvedName) {
        return events(namespace, "AccountRestore", involvedName);
    }

    List<Event> events(String namespace, String kind, String involvedName) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> kind.equals(e.getInvolvedObject().getKind()) && involvedName.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    @Override
    public void close() {
        stopOperator();
        client.close();
        InProcessKubernetes.shutDown(server);
    }
}
