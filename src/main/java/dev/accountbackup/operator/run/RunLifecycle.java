package dev.accountbackup.operator.run;

import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RunStatus;
import dev.accountbackup.operator.jobs.Backoff;
import dev.accountbackup.operator.jobs.Job;
import dev.accountbackup.operator.status.Timestamps;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one-shot rules shared by backups and restores, in one place: a Succeeded run never runs
 * again; a Failed one runs again only for a new spec generation; transient failures are retried
 * with back-off up to the back-off limit; a run found Running without a job (the operator
 * restarted) is started again as a new attempt if its kind is resumable, and ends Failed otherwise.
 */
public final class RunLifecycle {

    private final Backoff backoff;

    public RunLifecycle(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * @param status       the resource's current status (may be null)
     * @param generation   the resource's metadata.generation
     * @param job          the resource's job, if the runner still holds one (see {@link #isRecorded})
     * @param backoffLimit retries allowed after the first attempt
     * @param resumable    whether an attempt cut short by an operator restart may be started again
     */
    public <T, D> RunDecision<T, D> decide(RunStatus status, long generation, Optional<Job<T, D>> job, int backoffLimit, boolean resumable,
                                           Instant now) {
        if (job.isPresent()) {
            return decideForJob(job.get(), backoffLimit, now);
        }
        Phase phase = status == null ? null : status.getPhase();
        int attempts = status == null || status.getAttempts() == null ? 0 : status.getAttempts();
        if (phase == Phase.Succeeded) {
            return new RunDecision.Done<>(!Objects.equals(status.getObservedGeneration(), generation));
        }
        if (phase == Phase.Failed) {
            return Objects.equals(status.getObservedGeneration(), generation)
                    ? new RunDecision.Done<>(false)
                    : new RunDecision.Start<>(1, null, null);
        }
        if (phase == Phase.Running) {
            // the operator restarted during an attempt (or during the wait before the next one)
            if (!resumable || attempts > backoffLimit) {
                return new RunDecision.GiveUp<>(attempts, resumable);
            }
            return new RunDecision.Start<>(attempts + 1, backupIdOf(status), null);
        }
        return new RunDecision.Start<>(attempts + 1, null, null);
    }

    private <T, D> RunDecision<T, D> decideForJob(Job<T, D> job, int backoffLimit, Instant now) {
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
                // a failure first seen after its back-off is still reported (status, Warning event) before the next attempt
                if (job.firstLookAtFailure()) {
                    return new RunDecision.RetryLater<>(job, at.isBefore(now) ? now : at);
                }
                return now.isBefore(at)
                        ? new RunDecision.RetryLater<>(job, at)
                        : new RunDecision.Start<>(job.attempt() + 1, null, job.error().getMessage());
        }
    }

    /**
     * Whether the status already records the final outcome of this finished job; the runner can then
     * forget the job, and the status alone decides from there on.
     */
    public static boolean isRecorded(RunStatus status, Job<?, ?> job) {
        if (status == null || job.isRunning() || status.getPhase() == null || !status.getPhase().isFinal()) {
            return false;
        }
        Phase outcome = job.state() == Job.State.SUCCEEDED ? Phase.Succeeded : Phase.Failed;
        return status.getPhase() == outcome
                && Objects.equals(status.getAttempts(), job.attempt())
                && Objects.equals(status.getStartedAt(), Timestamps.format(job.startedAt()));
    }

    private static String backupIdOf(RunStatus status) {
        return status instanceof dev.accountbackup.api.AccountBackupStatus b ? b.getBackupId() : null;
    }
}
