package dev.accountbackup.operator.status;

import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RunStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.jobs.Job;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/** The status parts and wording backups and restores share. */
public final class RunStatuses {

    private static final String WAITING_FOR_SLOT = "waiting for a free job slot (ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS exports and restores"
            + " run at once), then: ";

    private RunStatuses() {
    }

    /** Fills the fields every attempt reports; a running attempt still waiting for a job thread says so. */
    public static <S extends RunStatus> S forAttempt(S status, Job<?, ?> job, Phase phase, String message) {
        status.setPhase(phase);
        status.setStartedAt(Timestamps.format(job.startedAt()));
        status.setAttempts(job.attempt());
        status.setMessage(job.isWaitingForSlot() ? WAITING_FOR_SLOT + message : message);
        status.setObservedGeneration(job.generation());
        return status;
    }

    /** The Ready condition's reason for a running attempt: Queued while it waits for a free job thread. */
    public static String runningReason(Job<?, ?> job) {
        return job.isWaitingForSlot() ? "Queued" : "Running";
    }

    public static <S extends RunStatus> S ready(S status, RunStatus current, boolean ready, String reason, long generation, Instant now) {
        status.setConditions(Conditions.withReady(conditions(current), ready, reason, status.getMessage(), generation, now));
        return status;
    }

    /** " (attempt 2 of 4)" from the second attempt on. */
    public static String attemptSuffix(int attempt, int backoffLimit) {
        return attempt == 1 ? "" : " (attempt " + attempt + " of " + ((long) backoffLimit + 1) + ")";
    }

    public static String retryMessage(Job<?, ?> job, int backoffLimit, Instant nextAttempt) {
        return "attempt " + job.attempt() + " of " + ((long) backoffLimit + 1) + " failed: " + job.error().getMessage()
                + "; next attempt at " + Timestamps.format(nextAttempt);
    }

    public static String failureMessage(Job<?, ?> job, int backoffLimit) {
        BackupException error = job.error();
        return error.getMessage() + (job.attempt() > 1 || error.retryable()
                ? " (attempt " + job.attempt() + " of " + ((long) backoffLimit + 1) + ")" : "");
    }

    /** @param whatNext what brings the next run: editing the spec (one-shot runs), or the schedule */
    public static String interruptedMessage(int attempts, int backoffLimit, String whatNext) {
        return "attempt " + attempts + " was interrupted by an operator restart and no attempts are left (backoffLimit "
                + backoffLimit + "); check the operator's memory limit and logs" + whatNext;
    }

    /** The end of {@link #interruptedMessage} for runs that only a spec change runs again. */
    public static final String EDIT_THE_SPEC = ", then edit the spec to run again";

    /** Pending: the run cannot start yet, and why. */
    public static <S extends RunStatus> S waiting(S status, RunStatus current, String reason, String message, long generation, Instant now) {
        status.setPhase(Phase.Pending);
        status.setAttempts(current == null || current.getAttempts() == null ? 0 : current.getAttempts());
        status.setMessage(message);
        status.setObservedGeneration(generation);
        return ready(status, current, false, reason, generation, now);
    }

    /** Failed before an attempt could start (invalid spec, missing Secret): no job, the status says why. */
    public static <S extends RunStatus> S rejected(S status, RunStatus current, BackupException error, int attempts, long generation, Instant now) {
        status.setPhase(Phase.Failed);
        status.setAttempts(attempts);
        status.setMessage(error.getMessage());
        status.setObservedGeneration(generation);
        // a rejection repeated on a later pass keeps its time, so the status stays the same
        status.setCompletedAt(current != null && current.getPhase() == Phase.Failed && current.getCompletedAt() != null
                ? current.getCompletedAt() : Timestamps.format(now));
        return ready(status, current, false, FailureReasons.of(error), generation, now);
    }

    /** The current status, marked Failed because an operator restart cut its attempt short and none follows. */
    public static <S extends RunStatus> S interrupted(S copyOfCurrent, RunStatus current, String message, long generation, Instant now) {
        copyOfCurrent.setPhase(Phase.Failed);
        copyOfCurrent.setMessage(message);
        copyOfCurrent.setObservedGeneration(generation);
        copyOfCurrent.setCompletedAt(Timestamps.format(now));
        return ready(copyOfCurrent, current, false, "Interrupted", generation, now);
    }

    /** The current status (or a Pending one) with an unexpected reconcile error shown; the operator retries. */
    public static <S extends RunStatus> S reconcileError(S copyOfCurrent, RunStatus current, String error, long generation, Instant now) {
        if (copyOfCurrent.getPhase() == null) {
            copyOfCurrent.setPhase(Phase.Pending);
            copyOfCurrent.setObservedGeneration(generation);
        }
        copyOfCurrent.setMessage("the operator could not process this resource (" + error + "); it tries again");
        boolean ready = copyOfCurrent.getPhase() == Phase.Succeeded;
        return ready(copyOfCurrent, current, ready, ready ? "Succeeded" : "ReconcileError", generation, now);
    }

    /** The current status of a completed run whose spec changed since: the change is reported, not acted on. */
    public static <S extends RunStatus> S specChangeIgnored(S copyOfCurrent, RunStatus current, String note, long generation, Instant now) {
        Condition ready = Conditions.find(current.getConditions(), Conditions.READY);
        copyOfCurrent.setObservedGeneration(generation);
        copyOfCurrent.setMessage(note);
        copyOfCurrent.setConditions(Conditions.withReady(conditions(current), true,
                ready == null ? "Succeeded" : ready.getReason(), ready == null ? note : ready.getMessage(), generation, now));
        return copyOfCurrent;
    }

    public static List<Condition> conditions(RunStatus current) {
        return current == null ? List.of() : current.getConditions();
    }
}
