package dev.accountbackup.operator.events;

/** Why an event was recorded; the enum name is the event's reason. */
public enum EventReason {
    BackupStarted(EventType.Normal),
    BackupSucceeded(EventType.Normal),
    BackupRetrying(EventType.Warning),
    BackupFailed(EventType.Warning),
    RestoreWaiting(EventType.Normal),
    WaitingForSecret(EventType.Warning),
    RestoreStarted(EventType.Normal),
    RestoreSucceeded(EventType.Normal),
    RestoreRetrying(EventType.Warning),
    RestoreFailed(EventType.Warning),
    ErasureStarted(EventType.Normal),
    ErasureSucceeded(EventType.Normal),
    ErasureRetrying(EventType.Warning),
    ErasureFailed(EventType.Warning),
    SpecChangeIgnored(EventType.Warning),
    ScheduledRunSkipped(EventType.Warning),
    RetentionApplied(EventType.Normal),
    RetentionFailed(EventType.Warning),
    BackupsDeleted(EventType.Normal),
    BackupsDeletionFailed(EventType.Warning);

    /** The two types Kubernetes knows. */
    public enum EventType {
        Normal,
        Warning
    }

    private final EventType type;

    EventReason(EventType type) {
        this.type = type;
    }

    public EventType type() {
        return type;
    }
}
