package dev.accountbackup.operator.jobs;

import java.time.Instant;
import java.util.Optional;

/** What the job executor tells about its line, read for metrics only. */
public interface JobQueueStats {

    /** Jobs working on a thread now. */
    int running();

    /** Jobs waiting for a free thread. */
    int queued();

    /** Since when the job that has waited longest is in line; empty when none waits. */
    Optional<Instant> oldestQueuedSince();
}
