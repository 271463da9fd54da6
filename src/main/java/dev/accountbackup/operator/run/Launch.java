package dev.accountbackup.operator.run;

import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.jobs.AttemptHandle;

/** What came of starting an attempt: a job, or a reason to wait (Pending) and look again later. */
public sealed interface Launch<T, D> {

    record Started<T, D>(AttemptHandle<T, D> job) implements Launch<T, D> {}

    /**
     * The run cannot start yet; {@code reason} becomes the Ready condition's reason, {@code event} the event's.
     *
     * @param poll whether to look again every poll interval; false when an event source wakes the resource when it may go
     */
    record Waiting<T, D>(String reason, String message, EventReason event, boolean poll) implements Launch<T, D> {}
}
