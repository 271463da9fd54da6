package dev.accountbackup.operator.jobs;

import java.time.Instant;

/** A run handed to the {@link RunDispatcher}: waiting in its namespace's line, started, or cancelled. */
public final class QueuedRun {

    private enum State {
        WAITING,
        STARTED,
        CANCELLED
    }

    private final RunDispatcher dispatcher;
    private final String namespace;
    private final Instant since;
    private final RunDispatcher.Start start;
    private final boolean continuation;
    private volatile State state = State.WAITING;
    private int shownPlace;

    QueuedRun(
            RunDispatcher dispatcher,
            String namespace,
            Instant since,
            RunDispatcher.Start start,
            boolean continuation) {
        this.dispatcher = dispatcher;
        this.namespace = namespace;
        this.since = since;
        this.start = start;
        this.continuation = continuation;
    }

    public String namespace() {
        return namespace;
    }

    /** When it joined the line. */
    public Instant since() {
        return since;
    }

    public boolean isWaiting() {
        return state == State.WAITING;
    }

    /**
     * Its place in line as the status shows it: the exact place when first asked, then a new one only when the line has
     * moved enough to halve (or double) it. A run behind N others thus changes its status about log2(N) times while it
     * waits, not N times: with hundreds queued, rewriting every status each time the line moves by one would be
     * hundreds of API writes per started run.
     *
     * @return 0 when it no longer waits
     */
    public synchronized int shownPlace() {
        int live = dispatcher.placeInLine(this);
        if (live == 0 || shownPlace == 0 || live * 2 <= shownPlace || live >= shownPlace * 2) {
            shownPlace = live;
        }
        return shownPlace;
    }

    /** A later part of a run that already had a slot (see {@link RunDispatcher#submit(String, RunDispatcher.Start, boolean)}). */
    boolean continuation() {
        return continuation;
    }

    RunDispatcher.Start start() {
        return start;
    }

    void started() {
        state = State.STARTED;
    }

    void cancelled() {
        state = State.CANCELLED;
    }
}
