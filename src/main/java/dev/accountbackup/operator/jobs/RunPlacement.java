package dev.accountbackup.operator.jobs;

import dev.accountbackup.api.RunAsSpec;
import dev.accountbackup.api.RunMode;
import dev.accountbackup.operator.jobs.batch.BatchRuns;
import dev.accountbackup.operator.jobs.batch.JobRun;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where the long part of an attempt runs: on the operator's job threads, or as a Kubernetes Job, as the resource's
 * {@code runAs.mode} says, else the operator's setting. The one place that knows: reconcilers hand over both forms of
 * the work and get back a {@link Work} that runs it in the chosen place, with the same outcome either way.
 */
public final class RunPlacement {

    private final RunMode defaultMode;
    private final BatchRuns batch;

    /** @param batch how runs become Kubernetes Jobs; null where Jobs cannot be made (then every run is in process) */
    public RunPlacement(RunMode defaultMode, BatchRuns batch) {
        this.defaultMode = defaultMode;
        this.batch = batch;
    }

    /** Every run on the job threads: for embedded operators without Jobs. */
    public static RunPlacement inProcessOnly() {
        return new RunPlacement(RunMode.InProcess, null);
    }

    /** Whether the resource's runs go to Kubernetes Jobs. */
    public boolean inJob(RunAsSpec runAs) {
        RunMode mode = runAs == null || runAs.getMode() == null ? defaultMode : runAs.getMode();
        return mode == RunMode.Job && batch != null;
    }

    /**
     * Whether an attempt goes on when the operator restarts (it runs in a Job, which a restarted operator adopts), so
     * that a restart resumes it rather than giving it up.
     */
    public boolean outlivesOperator(RunAsSpec runAs) {
        return inJob(runAs);
    }

    /**
     * @param inProcess the work on a job thread
     * @param asJob     the same work as a Job, asked for only when it runs as one (it may refuse a spec a Job cannot
     *                  run, with a BackupException)
     */
    public <T> Work<T> place(
            HasMetadata owner, RunAsSpec runAs, int attempt, Supplier<T> inProcess, Supplier<JobRun<T>> asJob) {
        if (!inJob(runAs)) {
            return executor -> CompletableFuture.supplyAsync(inProcess, executor);
        }
        return batch.work(owner, runAs, attempt, asJob.get());
    }
}
