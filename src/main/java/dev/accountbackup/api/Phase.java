package dev.accountbackup.api;

/**
 * Where a backup or a restore is in its life. Succeeded and Failed are final for a given spec, except
 * for a scheduled AccountBackup, where the phase is that of its latest run (Pending before the first).
 */
public enum Phase {
    /** Accepted, waiting to run (for a restore: another restore is writing the same tables). */
    Pending,
    /** Running, or waiting for its next attempt after a transient failure. */
    Running,
    /** Done; never runs again. */
    Succeeded,
    /** Gave up; runs again only when its spec changes. */
    Failed;

    public boolean isFinal() {
        return this == Succeeded || this == Failed;
    }
}
