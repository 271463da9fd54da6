package dev.accountbackup.operator.run;

import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RunStatus;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.Backoff;
import dev.accountbackup.operator.status.Timestamps;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The rules of a run shared by every kind, in one place: transient failures are retried with
 * back-off up to the back-off limit; a run found Running without a job (the operator restarted) is
 * started again as a new attempt if its kind is resumable, and ends Failed otherwise. When no run
 * is in progress, the kind says whether a new one starts: once per spec generation
 * ({@link #oncePerSpec}), or on a schedule.
 */
public final class RunLifecycle {

    private final Backoff backoff;

    public RunLifecycle(Backoff backoff) {
        this.backoff = backoff;
    }

    /** The decision with the one-shot rule for a new run: once per spec generation. */
    public <T, D> RunDecision<T, D> decide(
            RunStatus status,
            long generation,
            Optional<AttemptHandle<T, D>> job,
            int backoffLimit,
            boolean resumable,
            Instant now) {
        return decide(status, job, backoffLimit, resumable, () -> oncePerSpec(status, generation), now);
    }

    /**
     * @param status       the resource's current status (may be null)
     * @param job          the resource's job, if the runner still holds one (see {@link #isRecorded})
     * @param backoffLimit retries allowed after the first attempt
     * @param resumable    whether an attempt cut short by an operator restart may be started again
     * @param nextRun      whether a new run starts, asked only when no run is in progress
     */
    public <T, D> RunDecision<T, D> decide(
            RunStatus status,
            Optional<AttemptHandle<T, D>> job,
            int backoffLimit,
            boolean resumable,
            Supplier<RunDecision<T, D>> nextRun,
            Instant now) {
        if (job.isPresent()) {
            return decideForJob(job.get(), backoffLimit, now);
        }
        if (status != null && status.getPhase() == Phase.Running) {
            // the operator restarted during an attempt (or during the wait before the next one)
            int attempts = status.getAttempts() == null ? 0 : status.getAttempts();
            if (!resumable || attempts > backoffLimit) {
                return new RunDecision.GiveUp<>(attempts, resumable);
            }
            return new RunDecision.Start<>(attempts + 1, true, null);
        }
        return nextRun.get();
    }

    /**
     * The rule of one-shot kinds: a Succeeded run never runs again; a Failed one runs again only for a
     * new spec generation; anything else starts its first attempt.
     */
    public static <T, D> RunDecision<T, D> oncePerSpec(RunStatus status, long generation) {
        Phase phase = status == null ? null : status.getPhase();
        if (phase == Phase.Succeeded) {
            return new RunDecision.Done<>(!Objects.equals(status.getObservedGeneration(), generation));
        }
        if (phase == Phase.Failed && Objects.equals(status.getObservedGeneration(), generation)) {
            return new RunDecision.Done<>(false);
        }
        int attempts =
                status == null || status.getAttempts() == null || phase == Phase.Failed ? 0 : status.getAttempts();
        return new RunDecision.Start<>(attempts + 1, false, null);
    }

    private <T, D> RunDecision<T, D> decideForJob(AttemptHandle<T, D> job, int backoffLimit, Instant now) {
        switch (job.state()) {
            case RUNNING:
                return new RunDecision.Wait<>(job);
            case SUCCEEDED:
                return new RunDecision.Complete<>(job);
            default:
                if (!job.error().retryable() || job.attempt() > backoffLimit) {
                    return new RunDecision.Fail<>(job);
                }
                Instant at = job.finishedAt().orElse(now).plus(backoff.delayAfter(job.attempt()));
                // a failure first seen after its back-off is still reported (status, Warning event) before the next
                // attempt
                if (job.firstLookAtFailure()) {
                    return new RunDecision.RetryLater<>(job, at.isBefore(now) ? now : at);
                }
                return now.isBefore(at)
                        ? new RunDecision.RetryLater<>(job, at)
                        : new RunDecision.Start<>(
                                job.attempt() + 1, false, job.error().getMessage());
        }
    }

    /**
     * Whether the status already records the final outcome of this finished job; the runner can then
     * forget the job, and the status alone decides from there on.
     */
    public static boolean isRecorded(RunStatus status, AttemptHandle<?, ?> job) {
        if (status == null
                || job.isRunning()
                || status.getPhase() == null
                || !status.getPhase().isFinal()) {
            return false;
        }
        Phase outcome = job.state() == AttemptHandle.State.SUCCEEDED ? Phase.Succeeded : Phase.Failed;
        return status.getPhase() == outcome
                && Objects.equals(status.getAttempts(), job.attempt())
                && Objects.equals(status.getStartedAt(), Timestamps.format(job.startedAt()));
    }
}
