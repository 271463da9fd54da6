package dev.accountbackup.operator;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountErasure;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.demo.InProcessKubernetes;
import dev.accountbackup.operator.resolve.TenantBoundary;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process Kubernetes API server (Fabric8 mock server in CRUD mode) with the generated CRDs
 * installed, so that /status is a subresource as on a real cluster, plus the operator under test.
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final MockCluster cluster = MockCluster.perClass("prefix")})
 * it starts once per test class and gives each test a fresh namespace ({@link #ns()}) holding the
 * database Secret {@code shop-db}, its own storage directory ({@link #root()}) and, when asked with
 * {@link #withOperator}, a running operator; after each test the operator stops and the directory goes.
 */
final class MockCluster implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** The mock server logs every request through java.util.logging; held here so the setting sticks. */
    private static final java.util.logging.Logger MOCK_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Namespace numbers are unique in the whole run, so no two tests ever share one. */
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    KubernetesMockServer server;
    KubernetesClient client;
    private RunningOperator operator;
    private final String namespacePrefix;
    private Function<Path, OperatorSettings> operatorSettings;
    private boolean operatorPerClass;
    private String namespace;
    private Path root;

    private MockCluster(String namespacePrefix) {
        this.namespacePrefix = namespacePrefix;
    }

    /** An extension that starts the cluster before the class's first test and stops it after its last. */
    static MockCluster perClass(String namespacePrefix) {
        return new MockCluster(namespacePrefix);
    }

    /** Starts the operator before each test with these settings, given the test's storage directory. */
    MockCluster withOperator(Function<Path, OperatorSettings> settings) {
        this.operatorSettings = settings;
        return this;
    }

    /**
     * Starts the operator once, before the class's first test, with one storage directory for all its
     * tests: for classes whose tests only create resources and read what the operator answers.
     */
    MockCluster withOperatorForTheClass(Function<Path, OperatorSettings> settings) {
        this.operatorSettings = settings;
        this.operatorPerClass = true;
        return this;
    }

    private void startServer() {
        // CRUD for everything, plus canned answers where a test sets them (expect())
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        this.server = server;
        this.client = server.createClient();
        CustomResourceDefinitions.install(client);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        startServer();
        if (operatorPerClass) {
            root = Files.createTempDirectory(namespacePrefix + "-storage");
            startOperator(operatorSettings.apply(root));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        if (operatorPerClass) {
            delete(root);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        namespace = newNamespace();
        if (!operatorPerClass) {
            root = Files.createTempDirectory(namespacePrefix + "-storage");
            if (operatorSettings != null) {
                startOperator(operatorSettings.apply(root));
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!operatorPerClass) {
            stopOperator();
            delete(root);
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Another fresh namespace with the Secret {@code shop-db}, for a test that needs more than {@link #ns()}. */
    String newNamespace() {
        String name = namespacePrefix + "-" + NAMESPACES.incrementAndGet();
        secret(name, "shop-db", Map.of("username", "postgres", "password", "not-checked-for-the-superuser"));
        return name;
    }

    /** The current test's own namespace, with the Secret {@code shop-db} (user postgres) in it. */
    String ns() {
        return namespace;
    }

    /** The current test's own storage directory, which the operator's settings allow. */
    Path root() {
        return root;
    }

    /** Settings for tests: quick retries and polls, no leader election, merge patches (the mock refuses server-side apply). */
    static OperatorSettings settings() {
        return OperatorSettings.local()
                .withRetryDelays(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withIntervals(Duration.ofSeconds(2), Duration.ofMinutes(10));
    }

    /** Test settings whose file-system storage may use this directory (each test's own temporary root). */
    static OperatorSettings settings(Path storageRoot) {
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
                .withNewMetadata()
                .endMetadata()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update", "patch")
                .endResourceRule()
                .endStatus()
                .build();
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, review)
                .always();
    }

    /** A Secret as the API returns it: base64 data (the mock server does not convert stringData). */
    void secret(String namespace, String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withData(data)
                        .build())
                .createOr(r -> r.update());
    }

    AccountBackup backup(String namespace, String name) {
        return client.resources(AccountBackup.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    AccountRestore restore(String namespace, String name) {
        return client.resources(AccountRestore.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    AccountErasure erasure(String namespace, String name) {
        return client.resources(AccountErasure.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    List<Event> events(String namespace, String involvedName) {
        return events(namespace, "AccountBackup", involvedName);
    }

    List<Event> restoreEvents(String namespace, String involvedName) {
        return events(namespace, "AccountRestore", involvedName);
    }

    List<Event> events(String namespace, String kind, String involvedName) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> kind.equals(e.getInvolvedObject().getKind())
                        && involvedName.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private void close() {
        stopOperator();
        client.close();
        InProcessKubernetes.shutDown(server);
    }
}
