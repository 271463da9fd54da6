package dev.accountbackup.operator.jobs;

import dev.accountbackup.engine.BackupException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reconciler's handle on one attempt at a backup or restore, running (or finished) on the job
 * executor (not a Kubernetes Job). Its outcome stays
 * here until the reconciler has recorded it in the resource's status.
 *
 * @param <T> what a successful attempt returns
 * @param <D> what the reconciler needs to know about the attempt while it runs (e.g. the backup id)
 */
public final class AttemptHandle<T, D> {

    /** Where an attempt is. */
    public enum State {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    private final ResourceID resource;
    private final int attempt;
    private final Instant startedAt;
    private final long generation;
    private final D details;
    private volatile State state = State.RUNNING;
    private volatile QueuedRun queuedRun;
    private volatile Runnable abandonWaitingPart = () -> {};
    private final AtomicBoolean failureReported = new AtomicBoolean();
    private volatile T result;
    private volatile BackupException error;
    private volatile Instant finishedAt;

    AttemptHandle(ResourceID resource, int attempt, Instant startedAt, long generation, D details) {
        this.resource = resource;
        this.attempt = attempt;
        this.startedAt = startedAt;
        this.generation = generation;
        this.details = details;
    }

    public ResourceID resource() {
        return resource;
    }

    /** 1 for the first attempt. */
    public int attempt() {
        return attempt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The metadata.generation of the spec this attempt runs. */
    public long generation() {
        return generation;
    }

    public D details() {
        return details;
    }

    public State state() {
        return state;
    }

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Running, but still in line for a free job slot: as many runs as the caps allow run already. */
    public boolean isWaitingForSlot() {
        QueuedRun queued = queuedRun;
        return queued != null && queued.isWaiting() && state == State.RUNNING;
    }

    /** Where it waits in line: its place as the status shows it, and since when; empty when it does not wait. */
    public Optional<QueuePlace> queuePlace() {
        QueuedRun queued = queuedRun;
        if (queued == null || state != State.RUNNING) {
            return Optional.empty();
        }
        int place = queued.shownPlace();
        return place == 0 ? Optional.empty() : Optional.of(new QueuePlace(place, queued.since()));
    }

    /** Its place in line (1 = next) and when it joined the line. */
    public record QueuePlace(int place, Instant since) {}

    /** @param abandon ends the part that waits there, if it is cancelled */
    void queuedAs(QueuedRun queued, Runnable abandon) {
        this.queuedRun = queued;
        this.abandonWaitingPart = abandon;
    }

    QueuedRun queuedRun() {
        return queuedRun;
    }

    void abandonWaitingPart() {
        abandonWaitingPart.run();
    }

    /**
     * Whether this is the first look at the failure of this attempt: true once, so that every failed
     * attempt is reported before the next one starts, however late that look comes.
     */
    public boolean firstLookAtFailure() {
        return state == State.FAILED && failureReported.compareAndSet(false, true);
    }

    /** The result of a successful attempt. */
    public T result() {
        return result;
    }

    /** Why the attempt failed. */
    public BackupException error() {
        return error;
    }

    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    void succeed(T value, Instant at) {
        result = value;
        finishedAt = at;
        state = State.SUCCEEDED;
    }

    void fail(BackupException e, Instant at) {
        error = e;
        finishedAt = at;
        state = State.FAILED;
    }
}
