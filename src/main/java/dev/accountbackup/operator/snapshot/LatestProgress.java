package dev.accountbackup.operator.snapshot;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The newest progress report of work followed off the reconcile thread, for the next reconcile to show in status. */
public final class LatestProgress<P> {

    private final AtomicReference<P> latest = new AtomicReference<>();

    public void set(P progress) {
        latest.set(progress);
    }

    public Optional<P> get() {
        return Optional.ofNullable(latest.get());
    }
}
