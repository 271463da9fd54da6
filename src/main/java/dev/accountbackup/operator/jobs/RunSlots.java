package dev.accountbackup.operator.jobs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What a run's work is given to execute its long parts: each part first waits for a slot of the {@link RunDispatcher}
 * (fair across namespaces, capped), then runs. This is the seam between deciding when a run may go and executing it.
 */
public interface RunSlots extends Executor {

    /** Runs a part on this process's job threads once a slot is free. */
    @Override
    void execute(Runnable part);

    /**
     * Starts a part that executes elsewhere (e.g. as a Kubernetes Job) once a slot is free; the slot stays taken until
     * the future {@code start} returns completes, so the caps count such parts like threads.
     *
     * @return completes as the started part does
     */
    <V> CompletableFuture<V> whenSlotFree(Supplier<CompletableFuture<V>> start);
}
