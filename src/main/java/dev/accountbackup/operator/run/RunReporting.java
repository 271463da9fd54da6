package dev.accountbackup.operator.run;

import dev.accountbackup.api.RunStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.jobs.Job;
import java.time.Instant;

/**
 * How one kind of run (backup or restore) shows each step: a fresh status object per step, and the
 * reasons of the events that go with them. Each event's message is the new status's message.
 */
public interface RunReporting<S extends RunStatus, T, D> {

    S running(S current, Job<T, D> job, int backoffLimit, Instant now);

    S retrying(S current, Job<T, D> job, int backoffLimit, Instant nextAttempt, Instant now);

    S succeeded(S current, Job<T, D> job, Instant now);

    S failed(S current, Job<T, D> job, int backoffLimit, Instant now);

    /** Cannot start yet (a Secret is missing, another restore writes the same tables): Pending, with why. */
    S waiting(S current, String reason, String message, long generation, Instant now);

    /** Failed before an attempt could start: the spec or its Secrets are wrong. */
    S rejected(S current, BackupException error, int attempts, long generation, Instant now);

    /** An attempt cut short by an operator restart, and none follows (see {@link RunDecision.GiveUp}). */
    S interrupted(S current, RunDecision.GiveUp<T, D> giveUp, int backoffLimit, long generation, Instant now);

    /** The reconcile itself failed unexpectedly (the operator retries): the current status with the error shown. */
    S reconcileError(S current, String error, long generation, Instant now);

    /** Between two runs of a scheduled kind: what is next. Only kinds whose {@link RunKind#nextRun} answers NotDue are asked. */
    default S notDue(S current, long generation, Instant now) {
        throw new UnsupportedOperationException("a one-shot run is never waiting for its time");
    }

    /** Completed, and the spec changed since: reported, not acted on. */
    S specChangeIgnored(S current, long generation, Instant now);

    EventReason started();

    EventReason succeeded();

    EventReason retrying();

    EventReason failed();
}
