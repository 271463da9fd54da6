package dev.accountbackup.api;

/** Where an export or a restore runs. */
public enum RunMode {
    /** On the operator's own job threads (ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS at once). */
    InProcess,
    /** In a Kubernetes Job of its own, in the resource's namespace, running the operator's image's command line. */
    Job
}
