package dev.accountbackup.operator.jobs.batch;

/** How a Kubernetes Job ended, as its status (or its disappearance) says. */
enum JobEnd {
    SUCCEEDED,
    FAILED,
    /** Deleted before it finished: by someone, or with its namespace. */
    VANISHED
}
