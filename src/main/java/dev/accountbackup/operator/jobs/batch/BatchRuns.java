package dev.accountbackup.operator.jobs.batch;

import dev.accountbackup.api.RunAsSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.report.RunReport;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.operator.jobs.RunSlots;
import dev.accountbackup.operator.jobs.Work;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs attempts as Kubernetes Jobs. An attempt first looks for an unfinished Job of its run (an operator restart
 * left it running: it is adopted, not started again), then for a report nobody has read yet (the Job ended while the
 * operator was away), then for work an earlier attempt finished; only then does it create a Job. The Job's end is
 * taken from the informer, its outcome from the report it wrote to storage: the same outcome types, errors and kinds
 * as in process, so status, events and retries are the same. A Job that succeeded is deleted at once; a failed one
 * is left to its time to live, so that its pod's log can be read.
 */
public final class BatchRuns {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRuns.class);
    /** The folder of every namespace, in its storage, that holds the reports of its runs in Jobs. */
    static final String REPORTS_FOLDER = "_jobs";

    private final KubernetesJobs jobs;
    private final BatchJobSettings settings;
    /**
     * Where the short calls around a Job run (creating it, reading its report): not on a job slot of their own, since
     * the run already holds one for as long as its Job exists.
     */
    private final Executor calls = Executors.newCachedThreadPool(daemonThreads());

    public BatchRuns(KubernetesJobs jobs, BatchJobSettings settings) {
        this.jobs = jobs;
        this.settings = settings;
    }

    /** @throws BackupException (INVALID) when {@code runAs} holds a wrong pod setting */
    public <T> Work<T> work(HasMetadata owner, RunAsSpec runAs, int attempt, JobRun<T> run) {
        RunAsPod pod = RunAsPod.of(runAs);
        // a Job holds its slot in the line from its creation to its outcome, so the caps count Jobs as they count
        // threads
        return executor -> executor instanceof RunSlots slots
                ? slots.whenSlotFree(() -> start(owner, pod, attempt, run, calls))
                : start(owner, pod, attempt, run, executor);
    }

    private <T> CompletableFuture<T> start(
            HasMetadata owner, RunAsPod runAs, int attempt, JobRun<T> run, Executor executor) {
        String namespace = owner.getMetadata().getNamespace();
        return CompletableFuture.supplyAsync(() -> launch(owner, runAs, attempt, run), executor)
                .thenCompose(launched -> launched.outcome() != null
                        ? CompletableFuture.completedFuture(launched.outcome())
                        : jobs.whenEnded(namespace, launched.job())
                                .thenApplyAsync(end -> collect(owner, run, launched.job(), end), executor));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "account-backup-job-calls-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A Job to wait for, or the outcome of a run that needs none. */
    private record Launched<T>(String job, T outcome) {}

    private <T> Launched<T> launch(HasMetadata owner, RunAsPod runAs, int attempt, JobRun<T> run) {
        jobs.ensureStarted();
        String namespace = owner.getMetadata().getNamespace();
        Optional<Job> unfinished =
                jobs.unfinished(namespace, owner.getMetadata().getUid(), run.run());
        if (unfinished.isPresent()) {
            String name = unfinished.get().getMetadata().getName();
            LOG.info(
                    "{} {}/{}: adopting the running Job {}",
                    owner.getKind(),
                    namespace,
                    owner.getMetadata().getName(),
                    name);
            return new Launched<>(name, null);
        }
        try (BackupStore store = run.store().open()) {
            BackupLocation reports = reports(owner, run, store);
            Optional<RunReport> unread = RunReport.read(reports, reportName(run));
            if (unread.isPresent()) {
                LOG.info(
                        "{} {}/{}: its Job ended while the operator was away; taking its report",
                        owner.getKind(),
                        namespace,
                        owner.getMetadata().getName());
                return new Launched<>(null, outcome(run, store, reports, unread.get()));
            }
            Optional<T> earlier = run.finishedEarlier(store);
            if (earlier.isPresent()) {
                return new Launched<>(null, earlier.get());
            }
            run.beforeLaunch(store);
            PodCommand command = run.command().withArgs("--report-to", reports.uri() + "/" + reportName(run));
            Job job = JobTemplate.build(owner, run.run(), attempt, command, runAs, settings, jobs.image());
            jobs.create(job);
            LOG.info(
                    "{} {}/{}: attempt {} runs as Job {}",
                    owner.getKind(),
                    namespace,
                    owner.getMetadata().getName(),
                    attempt,
                    job.getMetadata().getName());
            return new Launched<>(job.getMetadata().getName(), null);
        }
    }

    private <T> T collect(HasMetadata owner, JobRun<T> run, String job, JobEnd end) {
        String namespace = owner.getMetadata().getNamespace();
        try (BackupStore store = run.store().open()) {
            BackupLocation reports = reports(owner, run, store);
            Optional<RunReport> report = RunReport.read(reports, reportName(run));
            if (report.isPresent()) {
                T outcome = outcome(run, store, reports, report.get());
                jobs.delete(namespace, job);
                return outcome;
            }
            run.failed(store);
            String where = "Job " + namespace + "/" + job;
            throw new BackupException(
                    BackupException.Kind.INTERNAL,
                    switch (end) {
                        case VANISHED -> where + " was deleted before it finished";
                        case FAILED ->
                            where + " failed before it could report why (killed, out of memory, image not"
                                    + " pulled...): see kubectl -n " + namespace + " describe job " + job
                                    + " and its pod's log";
                        case SUCCEEDED -> where + " ended without writing its report";
                    });
        }
    }

    /** The report's outcome (read once: it is deleted, so that the next attempt never takes it for its own). */
    private static <T> T outcome(JobRun<T> run, BackupStore store, BackupLocation reports, RunReport report) {
        try {
            if (!report.isSuccess()) {
                run.failed(store);
                throw report.error();
            }
            return run.succeeded(store, report);
        } finally {
            reports.deleteDocument(reportName(run));
        }
    }

    /** Reports of a resource's runs: {@code <namespace>/_jobs/<uid>/}, a folder no AccountBackup can own (no '_' in names). */
    private static BackupLocation reports(HasMetadata owner, JobRun<?> run, BackupStore store) {
        return run.store()
                .location(
                        store,
                        owner.getMetadata().getNamespace() + "/" + REPORTS_FOLDER + "/"
                                + owner.getMetadata().getUid());
    }

    private static String reportName(JobRun<?> run) {
        return run.run() + ".json";
    }
}
