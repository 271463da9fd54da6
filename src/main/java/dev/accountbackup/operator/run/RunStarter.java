package dev.accountbackup.operator.run;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;

/** The part of a reconciler that differs by kind: turning a spec into a job. */
public interface RunStarter<R extends HasMetadata, T, D> {

    /** Validates the spec, resolves its Secrets and starts a job (or records why it cannot start). */
    UpdateControl<R> start(R resource, RunDecision.Start<T, D> start, int backoffLimit, Instant now);

    /**
     * Whether an attempt cut short by an operator restart is started again (as the next attempt); if not,
     * the run ends Failed with reason Interrupted.
     */
    default boolean resumesAfterRestart(R resource) {
        return true;
    }

    /** Cleans up after an attempt that operator restarts cut short, when no attempt will follow. */
    default void giveUp(R resource) {
    }
}
