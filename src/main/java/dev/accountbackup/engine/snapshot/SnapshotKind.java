package dev.accountbackup.engine.snapshot;

/** What RDS snapshots: a DB instance (DB snapshot) or an Aurora / Multi-AZ DB cluster (DB cluster snapshot). */
public enum SnapshotKind {
    INSTANCE("DB instance", "DB snapshot"),
    CLUSTER("DB cluster", "DB cluster snapshot");

    private final String sourceNoun;
    private final String snapshotNoun;

    SnapshotKind(String sourceNoun, String snapshotNoun) {
        this.sourceNoun = sourceNoun;
        this.snapshotNoun = snapshotNoun;
    }

    /** "DB instance" or "DB cluster", for messages. */
    public String sourceNoun() {
        return sourceNoun;
    }

    /** "DB snapshot" or "DB cluster snapshot", for messages. */
    public String snapshotNoun() {
        return snapshotNoun;
    }
}
