package dev.accountbackup.operator.jobs.batch;

import dev.accountbackup.engine.report.RunReport;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.operator.resolve.StoreOpener;
import java.util.Optional;

/**
 * What differs between an export and a restore run as a Kubernetes Job: the command line, and how its outcome is
 * read from the storage it wrote to. Everything else (Job, report, adoption, clean-up) is {@link BatchRuns}'.
 *
 * @param <T> the outcome of a successful attempt, as the in-process run returns it
 */
public interface JobRun<T> {

    /** What names the run across its attempts and operator restarts (a label value), e.g. the backup id. */
    String run();

    /** The store the run writes to; its run report goes there too. */
    StoreOpener store();

    /** The command line and what its container needs; {@code --report-to} is added. */
    PodCommand command();

    /** The outcome of work an earlier attempt finished (e.g. its backup is complete), checked before a Job is made. */
    default Optional<T> finishedEarlier(BackupStore store) {
        return Optional.empty();
    }

    /** Clears what an earlier attempt left half done, before a new Job starts. */
    default void beforeLaunch(BackupStore store) {}

    /** The outcome of a run whose report says it succeeded, read from storage. */
    T succeeded(BackupStore store, RunReport report);

    /** Removes what a failed run left, as the in-process run does. */
    default void failed(BackupStore store) {}
}
