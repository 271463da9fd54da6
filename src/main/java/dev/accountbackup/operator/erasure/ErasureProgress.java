package dev.accountbackup.operator.erasure;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** Where a running erasure attempt is: written by its job thread, read by reconciles to show progress. */
public final class ErasureProgress {

    private final AtomicReference<ErasureOutcome> current = new AtomicReference<>(ErasureOutcome.NOTHING_YET);

    public ErasureOutcome soFar() {
        return current.get();
    }

    ErasureOutcome update(UnaryOperator<ErasureOutcome> step) {
        return current.updateAndGet(step);
    }
}
