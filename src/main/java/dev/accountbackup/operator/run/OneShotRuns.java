package dev.accountbackup.operator.run;

import dev.accountbackup.api.RunStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.Job;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.status.StatusWriter;
import dev.accountbackup.operator.jobs.SafeErrors;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop both reconcilers share: observe (the resource and its job), decide (the
 * one-shot rules of {@link RunLifecycle}), act (start a job through the {@link RunStarter}, or
 * record the job's outcome), and write the status in one patch, with its event, when it changed.
 */
public final class OneShotRuns<R extends CustomResource<?, S>, S extends RunStatus, T, D> {

    private static final Logger LOG = LoggerFactory.getLogger(OneShotRuns.class);
    /** After recording the outcome of an attempt that ran an older spec, come back soon to apply the rules to the new one. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final JobRunner<T, D> jobs;
    private final RunLifecycle lifecycle;
    private final StatusWriter<S, R> statuses;
    private final RunReporting<S, T, D> reporting;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration pollInterval;

    public OneShotRuns(JobRunner<T, D> jobs, RunLifecycle lifecycle, StatusWriter<S, R> statuses, RunReporting<S, T, D> reporting,
                       EventRecorder events, Clock clock, Duration pollInterval) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.statuses = statuses;
        this.reporting = reporting;
        this.events = events;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    public UpdateControl<R> reconcile(R resource, Context<R> context, int backoffLimit, RunStarter<R, T, D> starter) {
        jobs.forgetFinishedOf(id -> context.getPrimaryCache().get(id).isEmpty());
        Optional<UpdateControl<R>> stale = statuses.waitForOwnWrite(resource);
        if (stale.isPresent()) {
            return stale.get();
        }
        String uid = resource.getMetadata().getUid();
        long generation = resource.getMetadata().getGeneration();
        S current = resource.getStatus();
        Instant now = clock.instant();
        Optional<Job<T, D>> job = jobs.find(uid);
        if (job.isPresent() && RunLifecycle.isRecorded(current, job.get())) {
            jobs.forget(uid);
            job = Optional.empty();
        }
        RunDecision<T, D> decision = lifecycle.decide(current, generation, job, backoffLimit, starter.resumesAfterRestart(resource), now);

        if (decision instanceof RunDecision.Wait<T, D> wait) {
            return statuses.patchIfChanged(resource, reporting.running(current, wait.job(), backoffLimit, now)).rescheduleAfter(pollInterval);
        }
        if (decision instanceof RunDecision.Complete<T, D> complete) {
            return recheckIfStale(record(resource, reporting.succeeded(current, complete.job(), now), reporting.succeeded()),
                    complete.job(), generation);
        }
        if (decision instanceof RunDecision.Fail<T, D> fail) {
            return recheckIfStale(record(resource, reporting.failed(current, fail.job(), backoffLimit, now), reporting.failed()),
                    fail.job(), generation);
        }
        if (decision instanceof RunDecision.RetryLater<T, D> retry) {
            return record(resource, reporting.retrying(current, retry.job(), backoffLimit, retry.at(), now), reporting.retrying())
                    .rescheduleAfter(Duration.between(now, retry.at()).plusMillis(10));
        }
        if (decision instanceof RunDecision.Start<T, D> start) {
            return starter.start(resource, start, backoffLimit, now);
        }
        if (decision instanceof RunDecision.GiveUp<T, D> giveUp) {
            starter.giveUp(resource);
            return record(resource, reporting.interrupted(current, giveUp, backoffLimit, generation, now), reporting.failed());
        }
        if (((RunDecision.Done<T, D>) decision).specChanged()) {
            return record(resource, reporting.specChangeIgnored(current, generation, now), EventReason.SpecChangeIgnored);
        }
        return UpdateControl.noUpdate();
    }

    /** Starts a job and reports it Running. */
    public UpdateControl<R> started(R resource, Job<T, D> job, int backoffLimit, Instant now) {
        return record(resource, reporting.running(resource.getStatus(), job, backoffLimit, now), reporting.started())
                .rescheduleAfter(pollInterval);
    }

    /**
     * Reports a run that cannot start: Failed, until the spec changes; or, when only a Secret is missing, Pending and
     * looked at again every poll interval, so that a Secret applied after the resource (GitOps) is picked up.
     */
    public UpdateControl<R> rejected(R resource, BackupException error, int attempts, Instant now) {
        if (error.kind() == BackupException.Kind.SECRET_MISSING) {
            S pending = reporting.waiting(resource.getStatus(), "SecretMissing", "waiting for a Secret: " + error.getMessage()
                    + " (checked again every " + pollInterval.toSeconds() + "s)", resource.getMetadata().getGeneration(), now);
            return record(resource, pending, EventReason.WaitingForSecret).rescheduleAfter(pollInterval);
        }
        return record(resource, reporting.rejected(resource.getStatus(), error, attempts, resource.getMetadata().getGeneration(), now),
                reporting.failed());
    }

    /**
     * Shows an unexpected reconcile failure (e.g. the API server refused a read) on the resource while
     * JOSDK retries; the phase stays what it was.
     */
    public ErrorStatusUpdateControl<R> errorStatus(R resource, Exception error) {
        S status = reporting.reconcileError(resource.getStatus(), describe(error), resource.getMetadata().getGeneration(), clock.instant());
        return statuses.errorPatchIfChanged(resource, status);
    }

    private static String describe(Exception error) {
        if (error instanceof BackupException be) {
            return be.getMessage();
        }
        if (error instanceof KubernetesClientException ke) {
            return "the Kubernetes API answered HTTP " + ke.getCode();
        }
        return SafeErrors.describe(error);
    }

    /** Patches the status if it changed, and records the event that goes with the change. */
    public UpdateControl<R> record(R resource, S status, EventReason reason) {
        UpdateControl<R> control = statuses.patchIfChanged(resource, status);
        if (!control.isNoUpdate()) {
            events.record(resource, reason, status.getMessage());
            LOG.info("{} {}/{}: {}: {}", resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
                    reason, status.getMessage());
        }
        return control;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    private UpdateControl<R> recheckIfStale(UpdateControl<R> control, Job<?, ?> job, long generation) {
        return job.generation() == generation ? control : control.rescheduleAfter(RECHECK);
    }
}
