package dev.accountbackup.operator.run;

import dev.accountbackup.api.RunStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.status.RunStatusBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Instant;

/**
 * The part of a run that differs by kind: when a new run starts, how a spec becomes a job, and how
 * its steps show in status. Everything else (attempts, retries, restart recovery, status, events)
 * is {@link RunLoop}'s, the same for every kind.
 */
public interface RunKind<R extends CustomResource<?, S>, S extends RunStatus, T, D> {

    /** The builder of this resource's next status, from its current status and generation: how each step shows. */
    RunStatusBuilder<S, T, D> status(R resource, Instant now);

    /**
     * Whether a new run starts now, when none is in progress. By default once per spec generation
     * ({@link RunLifecycle#oncePerSpec}); a scheduled kind asks its schedule and answers {@link RunDecision.NotDue} between runs.
     */
    default RunDecision<T, D> nextRun(R resource, Instant now) {
        return RunLifecycle.oncePerSpec(
                resource.getStatus(), resource.getMetadata().getGeneration());
    }

    /**
     * Validates the spec, resolves its Secrets and starts a job, or says why the run must wait.
     *
     * @throws BackupException when the spec or its Secrets are wrong
     */
    Launch<T, D> start(R resource, RunDecision.Start<T, D> start, Instant now);

    /**
     * Whether an attempt cut short by an operator restart is started again (as the next attempt); if not,
     * the run ends Failed with reason Interrupted.
     */
    default boolean resumesAfterRestart(R resource) {
        return true;
    }

    /** Cleans up after an attempt that operator restarts cut short, when no attempt will follow. */
    default void giveUp(R resource) {}

    /** Anything besides status to report about a successful attempt (events of work done after it, e.g. retention). */
    default void completed(R resource, AttemptHandle<T, D> job) {}

    /**
     * Whether a run whose Secret is missing waits for it (Pending, checked every poll interval, so a Secret applied
     * after the resource is picked up); otherwise the run fails like any other that cannot start.
     */
    default boolean waitsForMissingSecrets() {
        return true;
    }
}
