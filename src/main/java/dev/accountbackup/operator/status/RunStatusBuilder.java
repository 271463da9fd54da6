package dev.accountbackup.operator.status;

import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RunStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.run.RunDecision;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/**
 * Builds the next status of one resource in one reconcile, from its current status and generation:
 * each step of a run (running, retrying, succeeded, ...) yields the status that shows it, always a
 * new object, never the cached one. One subclass per kind of resource adds what that kind shows;
 * this class holds what every run shows and its wording. Pure: no cluster, no clock of its own.
 *
 * @param <S> the status type
 * @param <T> what a successful attempt returns
 * @param <D> what is known about a running attempt
 */
public abstract class RunStatusBuilder<S extends RunStatus, T, D> {

    /** The end of an interrupted run's message when only a spec change runs it again. */
    protected static final String EDIT_THE_SPEC = ", then edit the spec to run again";

    /** The resource's status as the reconcile found it; null for a new resource. */
    protected final S current;
    /** The resource's metadata.generation. */
    protected final long generation;

    protected final Instant now;
    private final Class<S> type;
    private final Events events;

    /** The reasons of the events that go with the steps of one kind of run; each event's message is the new status's message. */
    public record Events(EventReason started, EventReason succeeded, EventReason retrying, EventReason failed) {}

    protected RunStatusBuilder(Class<S> type, Events events, S current, long generation, Instant now) {
        this.type = type;
        this.events = events;
        this.current = current;
        this.generation = generation;
        this.now = now;
    }

    public abstract S running(AttemptHandle<T, D> job, int backoffLimit);

    /** The attempt failed transiently: still Running, with the failure and the time of the next attempt. */
    public S retrying(AttemptHandle<T, D> job, int backoffLimit, Instant nextAttempt) {
        S s = forAttempt(fresh(), job, Phase.Running, retryMessage(job, backoffLimit, nextAttempt));
        showAttempt(s, job.details());
        return ready(s, false, "Retrying", job.generation());
    }

    /** Shows what this kind tells of a running attempt (e.g. the backup id it writes or reads). */
    protected abstract void showAttempt(S status, D attempt);

    public abstract S succeeded(AttemptHandle<T, D> job);

    public abstract S failed(AttemptHandle<T, D> job, int backoffLimit);

    /** An attempt cut short by an operator restart, and none follows (see {@link RunDecision.GiveUp}). */
    public abstract S interrupted(RunDecision.GiveUp<T, D> giveUp, int backoffLimit);

    public Events events() {
        return events;
    }

    /** Cannot start yet (a Secret is missing, another restore writes the same tables): Pending, with why. */
    public S waiting(String reason, String message) {
        S s = fresh();
        s.setPhase(Phase.Pending);
        s.setAttempts(current == null || current.getAttempts() == null ? 0 : current.getAttempts());
        s.setMessage(message);
        s.setObservedGeneration(generation);
        return ready(s, false, reason, generation);
    }

    /** Failed before an attempt could start (invalid spec, wrong Secret): no job, the status says why. */
    public S rejected(BackupException error, int attempts) {
        S s = fresh();
        s.setPhase(Phase.Failed);
        s.setAttempts(attempts);
        s.setMessage(error.getMessage());
        s.setObservedGeneration(generation);
        // a rejection repeated on a later pass keeps its time, so the status stays the same
        s.setCompletedAt(
                current != null && current.getPhase() == Phase.Failed && current.getCompletedAt() != null
                        ? current.getCompletedAt()
                        : Timestamps.format(now));
        return ready(s, false, FailureReasons.of(error), generation);
    }

    /** The reconcile itself failed unexpectedly (the operator retries): the current status (or a Pending one) with the error shown. */
    public S reconcileError(String error) {
        S s = copyOfCurrent();
        if (s.getPhase() == null) {
            s.setPhase(Phase.Pending);
            s.setObservedGeneration(generation);
        }
        s.setMessage("the operator could not process this resource (" + error + "); it tries again");
        boolean ready = s.getPhase() == Phase.Succeeded;
        return ready(s, ready, ready ? "Succeeded" : "ReconcileError", generation);
    }

    /** Completed, and the spec changed since: the change is reported, not acted on. */
    public S specChangeIgnored() {
        String note = specChangeIgnoredMessage();
        Condition ready = Conditions.find(current.getConditions(), Conditions.READY);
        S s = copyOfCurrent();
        s.setObservedGeneration(generation);
        s.setMessage(note);
        s.setConditions(Conditions.withReady(
                conditions(),
                true,
                ready == null ? "Succeeded" : ready.getReason(),
                ready == null ? note : ready.getMessage(),
                generation,
                now));
        return s;
    }

    /** Between two runs of a scheduled kind: what is next. Only kinds that schedule runs are asked. */
    public S notDue() {
        throw new IllegalStateException("only scheduled kinds wait for their time; a one-shot run never does");
    }

    /** Why a completed run does not follow a spec change, and what to do instead. */
    protected abstract String specChangeIgnoredMessage();

    /** Fills the fields every attempt reports; a running attempt still waiting for a job thread says so. */
    protected S forAttempt(S status, AttemptHandle<T, D> job, Phase phase, String message) {
        status.setPhase(phase);
        status.setStartedAt(Timestamps.format(job.startedAt()));
        status.setAttempts(job.attempt());
        status.setMessage(job.queuePlace()
                .map(place -> QueueMessage.of(place) + ", then: " + message)
                .orElse(message));
        status.setObservedGeneration(job.generation());
        return status;
    }

    /** The Ready condition's reason for a running attempt: Queued while it waits for a free job slot. */
    protected static String runningReason(AttemptHandle<?, ?> job) {
        return job.isWaitingForSlot() ? "Queued" : "Running";
    }

    /** Sets the Ready condition, keeping the other conditions and the times of those that did not change. */
    protected S ready(S status, boolean ready, String reason, long observedGeneration) {
        status.setConditions(
                Conditions.withReady(conditions(), ready, reason, status.getMessage(), observedGeneration, now));
        return status;
    }

    /** " (attempt 2 of 4)" from the second attempt on. */
    protected static String attemptSuffix(int attempt, int backoffLimit) {
        return attempt == 1 ? "" : " (attempt " + attempt + " of " + ((long) backoffLimit + 1) + ")";
    }

    /** What an attempt does, then which attempt it is and why the previous one failed. */
    protected static String runningMessage(
            String describe, AttemptHandle<?, ?> job, int backoffLimit, String previousError) {
        return describe
                + attemptSuffix(job.attempt(), backoffLimit)
                + (previousError == null ? "" : "; the previous attempt failed: " + previousError);
    }

    protected static String retryMessage(AttemptHandle<?, ?> job, int backoffLimit, Instant nextAttempt) {
        return "attempt " + job.attempt() + " of " + ((long) backoffLimit + 1) + " failed: "
                + job.error().getMessage() + "; next attempt at " + Timestamps.format(nextAttempt);
    }

    protected static String failureMessage(AttemptHandle<?, ?> job, int backoffLimit) {
        BackupException error = job.error();
        return error.getMessage()
                + (job.attempt() > 1 || error.retryable()
                        ? " (attempt " + job.attempt() + " of " + ((long) backoffLimit + 1) + ")"
                        : "");
    }

    /** @param whatNext what brings the next run: editing the spec ({@link #EDIT_THE_SPEC}), or the schedule */
    protected static String interruptedMessage(int attempts, int backoffLimit, String whatNext) {
        return "attempt " + attempts + " was interrupted by an operator restart and no attempts are left (backoffLimit "
                + backoffLimit + "); check the operator's memory limit and logs" + whatNext;
    }

    /** The current status, marked Failed because an operator restart cut its attempt short and none follows. */
    protected S interrupted(S copyOfCurrent, String message) {
        copyOfCurrent.setPhase(Phase.Failed);
        copyOfCurrent.setMessage(message);
        copyOfCurrent.setObservedGeneration(generation);
        copyOfCurrent.setCompletedAt(Timestamps.format(now));
        return ready(copyOfCurrent, false, "Interrupted", generation);
    }

    /** A new, empty status. */
    protected S fresh() {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no public no-argument constructor", e);
        }
    }

    /** A deep copy of the current status (an empty one for a new resource), to change without touching the cached resource. */
    protected S copyOfCurrent() {
        return current == null ? fresh() : StatusUpdates.copy(current, type);
    }

    protected List<Condition> conditions() {
        return current == null ? List.of() : current.getConditions();
    }
}
