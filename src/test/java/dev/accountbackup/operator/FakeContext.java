package dev.accountbackup.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.EventSourceManager;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A JOSDK context for calling a reconciler directly, one reconcile at a time, without a running
 * operator: the primary cache reads the in-process API server, and the event sources are those of
 * the reconciler registered with an operator that is never started (see {@link #eventSourcesOf}).
 * It answers what the reconcilers use.
 */
final class FakeContext<P extends HasMetadata> implements Context<P> {

    private final KubernetesClient client;
    private final Class<P> type;
    private final EventSourceRetriever<P> eventSources;
    private final P primary;

    private FakeContext(KubernetesClient client, Class<P> type, EventSourceRetriever<P> eventSources, P primary) {
        this.client = client;
        this.type = type;
        this.eventSources = eventSources;
        this.primary = primary;
    }

    /**
     * The event sources of a reconciler, registered with an operator that is never started: its
     * informers run (the controller's keeps what the status writer hands it, the restore's follows
     * AccountBackups), but their events reach no reconcile, since the test calls the reconciler itself.
     * Stop them after the test.
     */
    static <P extends HasMetadata> EventSourceManager<P> eventSourcesOf(
            KubernetesClient client, Reconciler<P> reconciler) {
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
        EventSourceManager<P> sources = ((Controller<P>) operator.register(reconciler)).getEventSourceManager();
        sources.start();
        return sources;
    }

    /** A context for reconciling {@code primary} as the API server holds it now (what the informer would hand over). */
    static <P extends HasMetadata> FakeContext<P> of(
            KubernetesClient client, Class<P> type, EventSourceRetriever<P> eventSources, P primary) {
        return new FakeContext<>(client, type, eventSources, primary);
    }

    @Override
    public KubernetesClient getClient() {
        return client;
    }

    @Override
    public EventSourceRetriever<P> eventSourceRetriever() {
        return eventSources;
    }

    @Override
    public P getPrimaryResource() {
        return primary;
    }

    @Override
    public boolean isPrimaryResourceDeleted() {
        return false;
    }

    @Override
    public boolean isPrimaryResourceFinalStateUnknown() {
        return false;
    }

    @Override
    public Optional<RetryInfo> getRetryInfo() {
        return Optional.empty();
    }

    @Override
    public boolean isNextReconciliationImminent() {
        return false;
    }

    @Override
    public IndexedResourceCache<P> getPrimaryCache() {
        return new IndexedResourceCache<>() {
            @Override
            public Optional<P> get(ResourceID id) {
                return Optional.ofNullable(client.resources(type)
                        .inNamespace(id.getNamespace().orElseThrow())
                        .withName(id.getName())
                        .get());
            }

            @Override
            public Stream<ResourceID> keys() {
                return list(all -> true).map(ResourceID::fromResource);
            }

            @Override
            public Stream<P> list(Predicate<P> predicate) {
                return client.resources(type).inAnyNamespace().list().getItems().stream()
                        .filter(predicate);
            }

            @Override
            public Stream<P> list(String namespace, Predicate<P> predicate) {
                return client.resources(type).inNamespace(namespace).list().getItems().stream()
                        .filter(predicate);
            }

            @Override
            public List<P> byIndex(String indexName, String indexKey) {
                throw new UnsupportedOperationException("no indexes in the reconcilers");
            }
        };
    }

    @Override
    public <R> Set<R> getSecondaryResources(Class<R> expectedType) {
        throw new UnsupportedOperationException("not used by the reconcilers");
    }

    @Override
    public <R> Optional<R> getSecondaryResource(Class<R> expectedType, String eventSourceName) {
        throw new UnsupportedOperationException("not used by the reconcilers");
    }

    @Override
    public ControllerConfiguration<P> getControllerConfiguration() {
        throw new UnsupportedOperationException("not used by the reconcilers");
    }

    @Override
    public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
        throw new UnsupportedOperationException("not used by the reconcilers");
    }

    @Override
    public ExecutorService getWorkflowExecutorService() {
        throw new UnsupportedOperationException("not used by the reconcilers");
    }
}
