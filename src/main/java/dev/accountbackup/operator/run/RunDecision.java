package dev.accountbackup.operator.run;

import dev.accountbackup.operator.jobs.AttemptHandle;
import java.time.Duration;
import java.time.Instant;

/** What a reconcile does next with a run (a one-shot backup, a scheduled backup's current run, a restore). */
public sealed interface RunDecision<T, D> {

    /** An attempt is running: report it and check again later. */
    record Wait<T, D>(AttemptHandle<T, D> job) implements RunDecision<T, D> {}

    /** The attempt succeeded: record the result. */
    record Complete<T, D>(AttemptHandle<T, D> job) implements RunDecision<T, D> {}

    /** The attempt failed for good (not retryable, or no attempts left): record the failure. */
    record Fail<T, D>(AttemptHandle<T, D> job) implements RunDecision<T, D> {}

    /** The attempt failed transiently: wait until {@code at}, then try again. */
    record RetryLater<T, D>(AttemptHandle<T, D> job, Instant at) implements RunDecision<T, D> {}

    /**
     * Start an attempt.
     *
     * @param resumed       the attempt follows one cut short by an operator restart, whose leftovers the status
     *                      names (e.g. its backup id) and must be dealt with first
     * @param previousError why the previous attempt failed, null for a first attempt
     */
    record Start<T, D>(int attempt, boolean resumed, String previousError) implements RunDecision<T, D> {}

    /**
     * An attempt was cut short by an operator restart and none follows: either no attempts are left, or
     * ({@code resumable} false) runs of this kind are never started again by a restart.
     */
    record GiveUp<T, D>(int attempts, boolean resumable) implements RunDecision<T, D> {}

    /** Nothing to run. {@code specChanged}: the spec changed after the run ended, which is reported but not acted on. */
    record Done<T, D>(boolean specChanged) implements RunDecision<T, D> {}

    /**
     * No run is due yet (a scheduled kind between two runs): show what is next and look again after {@code wakeAfter}.
     *
     * @param nextRun when the next run is due, or null when none is coming (suspended)
     */
    record NotDue<T, D>(Duration wakeAfter, Instant nextRun) implements RunDecision<T, D> {}
}
