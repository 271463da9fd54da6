package dev.accountbackup.operator.run;

import dev.accountbackup.api.RunStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.jobs.SafeErrors;
import dev.accountbackup.operator.status.RunStatusBuilder;
import dev.accountbackup.operator.status.StatusWriter;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reconcile loop of every kind of run: observe (the resource and its job), decide (the rules
 * of {@link RunLifecycle}, and the kind's own rule for when a new run starts), act (start a job
 * through the {@link RunKind}, or record the job's outcome), and write the status in one patch, with
 * its event, when it changed.
 */
public final class RunLoop<R extends CustomResource<?, S>, S extends RunStatus, T, D> {

    private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);
    /** After recording the end of a run, come back soon to apply the rules to what is next (a new spec, the next scheduled run). */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final JobRunner<T, D> jobs;
    private final RunLifecycle lifecycle;
    private final StatusWriter<S, R> statuses;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration pollInterval;
    private final RunListener<R, T, D> listener;

    /** @param listener told of each recorded end of an attempt (metrics) */
    public RunLoop(
            JobRunner<T, D> jobs,
            RunLifecycle lifecycle,
            StatusWriter<S, R> statuses,
            EventRecorder events,
            Clock clock,
            Duration pollInterval,
            RunListener<R, T, D> listener) {
        this.listener = listener;
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.statuses = statuses;
        this.events = events;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    public UpdateControl<R> reconcile(R resource, Context<R> context, int backoffLimit, RunKind<R, S, T, D> kind) {
        jobs.dropJobsOfDeleted(id -> context.getPrimaryCache().get(id).isEmpty());
        String uid = resource.getMetadata().getUid();
        S current = resource.getStatus();
        Instant now = clock.instant();
        Optional<AttemptHandle<T, D>> job = jobs.find(uid);
        if (job.isPresent() && RunLifecycle.isRecorded(current, job.get())) {
            jobs.forget(uid);
            job = Optional.empty();
        }
        RunDecision<T, D> decision = lifecycle.decide(
                current, job, backoffLimit, kind.resumesAfterRestart(resource), () -> kind.nextRun(resource, now), now);
        if (decision instanceof RunDecision.Start<T, D> start) {
            return start(resource, context, kind, start, backoffLimit, now);
        }
        RunStatusBuilder<S, T, D> status = kind.status(resource, now);
        if (decision instanceof RunDecision.Wait<T, D> wait) {
            statuses.patchIfChanged(resource, context, status.running(wait.job(), backoffLimit));
            return after(pollInterval);
        }
        if (decision instanceof RunDecision.Complete<T, D> complete) {
            kind.completed(resource, complete.job());
            recordEnd(
                    resource,
                    context,
                    status.succeeded(complete.job()),
                    status.events().succeeded(),
                    () -> listener.succeeded(resource, complete.job()));
            return after(RECHECK);
        }
        if (decision instanceof RunDecision.Fail<T, D> fail) {
            recordEnd(
                    resource,
                    context,
                    status.failed(fail.job(), backoffLimit),
                    status.events().failed(),
                    () -> listener.failed(resource, fail.job()));
            return after(RECHECK);
        }
        if (decision instanceof RunDecision.RetryLater<T, D> retry) {
            recordEnd(
                    resource,
                    context,
                    status.retrying(retry.job(), backoffLimit, retry.at()),
                    status.events().retrying(),
                    () -> listener.retrying(resource, retry.job()));
            return after(Duration.between(now, retry.at()).plusMillis(10));
        }
        if (decision instanceof RunDecision.GiveUp<T, D> giveUp) {
            kind.giveUp(resource);
            recordEnd(
                    resource,
                    context,
                    status.interrupted(giveUp, backoffLimit),
                    status.events().failed(),
                    () -> listener.failed(resource, null));
            return after(RECHECK);
        }
        if (decision instanceof RunDecision.NotDue<T, D> notDue) {
            if (notDue.nextRun() != null) {
                // so that, with many runs due at that minute, the line waits for this one (see RunDispatcher)
                jobs.expect(uid, ResourceID.fromResource(resource), notDue.nextRun());
            } else {
                jobs.arrived(uid); // suspended: nothing is coming
            }
            statuses.patchIfChanged(resource, context, status.notDue());
            return after(notDue.wakeAfter());
        }
        if (((RunDecision.Done<T, D>) decision).specChanged()) {
            record(resource, context, status.specChangeIgnored(), EventReason.SpecChangeIgnored);
        }
        return UpdateControl.noUpdate();
    }

    private UpdateControl<R> start(
            R resource,
            Context<R> context,
            RunKind<R, S, T, D> kind,
            RunDecision.Start<T, D> start,
            int backoffLimit,
            Instant now) {
        if (start.resumed()) {
            LOG.info(
                    "{} {}/{}: an attempt was interrupted by an operator restart; starting attempt {}",
                    resource.getKind(),
                    resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(),
                    start.attempt());
        }
        Launch<T, D> launch;
        try {
            launch = kind.start(resource, start, now);
        } catch (BackupException e) {
            // refused: the line no longer waits for it (an unexpected error leaves it awaited: the retry brings it)
            jobs.arrived(resource.getMetadata().getUid());
            return rejected(
                    resource,
                    context,
                    kind.status(resource, now),
                    kind.waitsForMissingSecrets(),
                    e,
                    start.attempt() - 1);
        }
        // the kind's status builder is asked after the start, which may have told it about the run it starts
        RunStatusBuilder<S, T, D> status = kind.status(resource, now);
        if (launch instanceof Launch.Waiting<T, D> waiting) {
            jobs.arrived(resource.getMetadata().getUid()); // not in line yet: the line does not wait for it
            record(resource, context, status.waiting(waiting.reason(), waiting.message()), waiting.event());
            return waiting.poll() ? after(pollInterval) : UpdateControl.noUpdate();
        }
        AttemptHandle<T, D> job = ((Launch.Started<T, D>) launch).job();
        record(
                resource,
                context,
                status.running(job, backoffLimit),
                status.events().started());
        return after(pollInterval);
    }

    /**
     * Reports a run that cannot start: Failed, until the spec changes (or, for a scheduled kind, until its next run); or,
     * when only a Secret is missing and the kind waits for it, Pending and looked at again every poll interval, so that a
     * Secret applied after the resource (GitOps) is picked up.
     */
    private UpdateControl<R> rejected(
            R resource,
            Context<R> context,
            RunStatusBuilder<S, T, D> status,
            boolean waitsForSecrets,
            BackupException error,
            int attempts) {
        if (error.kind() == BackupException.Kind.CREDENTIALS_MISSING && waitsForSecrets) {
            S pending = status.waiting(
                    "SecretMissing",
                    "waiting for a Secret: " + error.getMessage() + " (checked again every " + pollInterval.toSeconds()
                            + "s)");
            record(resource, context, pending, EventReason.WaitingForSecret);
            return after(pollInterval);
        }
        recordEnd(
                resource,
                context,
                status.rejected(error, attempts),
                status.events().failed(),
                () -> listener.failed(resource, null));
        return after(RECHECK);
    }

    /**
     * Shows an unexpected reconcile failure (e.g. the API server refused a read) on the resource while
     * JOSDK retries; the phase stays what it was.
     */
    public ErrorStatusUpdateControl<R> errorStatus(
            R resource, Context<R> context, RunStatusBuilder<S, T, D> status, Exception error) {
        statuses.patchIfChanged(resource, context, status.reconcileError(describe(error)));
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    private static String describe(Exception error) {
        Throwable cause = error;
        // the Java Operator SDK's metrics wrap what the reconciler threw
        while (cause instanceof OperatorException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof BackupException be) {
            return be.getMessage();
        }
        if (cause instanceof KubernetesClientException ke) {
            return "the Kubernetes API answered HTTP " + ke.getCode();
        }
        return SafeErrors.describe(cause);
    }

    /** Patches the status if it changed, and records the event that goes with the change. */
    public UpdateControl<R> record(R resource, Context<R> context, S status, EventReason reason) {
        changed(resource, context, status, reason);
        return UpdateControl.noUpdate();
    }

    /**
     * Records the end of an attempt, and tells the listener once, when the status changed: a later pass that finds the
     * same end recorded tells nothing. A listener's failure (metrics) never reaches the resource's status.
     */
    private void recordEnd(R resource, Context<R> context, S status, EventReason reason, Runnable tell) {
        if (changed(resource, context, status, reason)) {
            try {
                tell.run();
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not count the end of a run of {}: {}",
                        ResourceID.fromResource(resource),
                        SafeErrors.describe(e));
            }
        }
    }

    /** Patches the status if it changed, with its event, and says whether it did. */
    private boolean changed(R resource, Context<R> context, S status, EventReason reason) {
        boolean changed = statuses.patchIfChanged(resource, context, status);
        if (changed) {
            events.record(resource, reason, status.getMessage());
            LOG.info(
                    "{} {}/{}: {}: {}",
                    resource.getKind(),
                    resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(),
                    reason,
                    status.getMessage());
        }
        return changed;
    }

    /** The status is already written (see {@link StatusWriter}): only when to look again is left to say. */
    private static <R extends CustomResource<?, ?>> UpdateControl<R> after(Duration delay) {
        return UpdateControl.<R>noUpdate().rescheduleAfter(delay);
    }
}
