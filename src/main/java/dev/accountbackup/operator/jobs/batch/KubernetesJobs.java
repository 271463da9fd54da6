package dev.accountbackup.operator.jobs.batch;

import dev.accountbackup.engine.BackupException;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's Kubernetes Jobs: created here, followed through an informer on the Jobs it labelled (in the watched
 * namespaces), and deleted here once their outcome is taken. The informer starts with the first Job-mode run, so that an
 * installation that never uses Jobs needs no right on them.
 */
public final class KubernetesJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesJobs.class);
    private static final long RESYNC_MILLIS = 10 * 60 * 1000L;

    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final Supplier<String> image;
    private final Map<String, CompletableFuture<JobEnd>> waiting = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<Job>> informers = new CopyOnWriteArrayList<>();
    private volatile boolean started;

    /**
     * @param namespaces the watched namespaces; empty for all
     * @param image      the image the Jobs run, asked for with the first Job
     */
    public KubernetesJobs(KubernetesClient client, Set<String> namespaces, Supplier<String> image) {
        this.client = client;
        this.namespaces = Set.copyOf(namespaces);
        this.image = image;
    }

    String image() {
        return image.get();
    }

    /** Starts following the operator's Jobs, once; returns when the informers hold every existing one. */
    synchronized void ensureStarted() {
        if (started) {
            return;
        }
        try {
            if (namespaces.isEmpty()) {
                informers.add(client.batch()
                        .v1()
                        .jobs()
                        .inAnyNamespace()
                        .withLabel(JobTemplate.MANAGED_BY, JobTemplate.MANAGER)
                        .inform(handler(), RESYNC_MILLIS));
            } else {
                for (String namespace : namespaces) {
                    informers.add(client.batch()
                            .v1()
                            .jobs()
                            .inNamespace(namespace)
                            .withLabel(JobTemplate.MANAGED_BY, JobTemplate.MANAGER)
                            .inform(handler(), RESYNC_MILLIS));
                }
            }
        } catch (KubernetesClientException e) {
            informers.forEach(SharedIndexInformer::close);
            informers.clear();
            throw apiError("watching the operator's Jobs", e);
        }
        started = true;
    }

    /** A Job of this run of this resource that has not finished, from the informer's cache. */
    Optional<Job> unfinished(String namespace, String ownerUid, String run) {
        return informers.stream()
                .flatMap(i -> i.getStore().list().stream())
                .filter(job -> namespace.equals(job.getMetadata().getNamespace()))
                .filter(job ->
                        ownerUid.equals(label(job, JobTemplate.OWNER_UID)) && run.equals(label(job, JobTemplate.RUN)))
                .filter(job -> end(job).isEmpty())
                .findFirst();
    }

    void create(Job job) {
        try {
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(job.getMetadata().getNamespace())
                    .resource(job)
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // already there: an earlier call created it
                throw apiError("creating Job " + job.getMetadata().getName(), e);
            }
        }
    }

    /** Completes when the Job ends or disappears; a Job found ended in the cache completes it at once. */
    CompletableFuture<JobEnd> whenEnded(String namespace, String name) {
        CompletableFuture<JobEnd> ended = waiting.computeIfAbsent(key(namespace, name), k -> new CompletableFuture<>());
        informers.stream()
                .map(i -> i.getStore().getByKey(key(namespace, name)))
                .filter(job -> job != null)
                .findFirst()
                .flatMap(KubernetesJobs::end)
                .ifPresent(ended::complete);
        return ended.whenComplete((end, error) -> waiting.remove(key(namespace, name)));
    }

    /** Deletes a Job and its pod; a Job already gone is no error. */
    void delete(String namespace, String name) {
        try {
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(namespace)
                    .withName(name)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            LOG.warn("could not delete Job {}/{} (its time to live removes it): HTTP {}", namespace, name, e.getCode());
        }
    }

    private ResourceEventHandler<Job> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                seen(job);
            }

            @Override
            public void onUpdate(Job before, Job job) {
                seen(job);
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
                CompletableFuture<JobEnd> ended = waiting.get(key(job));
                if (ended != null) {
                    ended.complete(end(job).orElse(JobEnd.VANISHED));
                }
            }
        };
    }

    private void seen(Job job) {
        CompletableFuture<JobEnd> ended = waiting.get(key(job));
        if (ended != null) {
            end(job).ifPresent(ended::complete);
        }
    }

    /** Ended as the Job's conditions say (a Job with backoffLimit 0 fails with its one pod). */
    static Optional<JobEnd> end(Job job) {
        JobStatus status = job.getStatus();
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        for (JobCondition condition : status.getConditions()) {
            if ("True".equals(condition.getStatus())) {
                if ("Complete".equals(condition.getType())) {
                    return Optional.of(JobEnd.SUCCEEDED);
                }
                if ("Failed".equals(condition.getType())) {
                    return Optional.of(JobEnd.FAILED);
                }
            }
        }
        return Optional.empty();
    }

    private static String label(Job job, String name) {
        Map<String, String> labels = job.getMetadata().getLabels();
        return labels == null ? null : labels.get(name);
    }

    private static String key(Job job) {
        return key(job.getMetadata().getNamespace(), job.getMetadata().getName());
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    static BackupException apiError(String what, KubernetesClientException e) {
        if (e.getCode() == 401 || e.getCode() == 403) {
            return BackupException.invalid(what + ": the Kubernetes API refused (HTTP " + e.getCode()
                    + "): the operator needs create, get, list, watch and delete on jobs (deploy/rbac.yaml)");
        }
        return new BackupException(
                BackupException.Kind.INTERNAL,
                what + ": the Kubernetes API answered HTTP " + e.getCode() + "; trying again");
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        waiting.clear();
    }
}
