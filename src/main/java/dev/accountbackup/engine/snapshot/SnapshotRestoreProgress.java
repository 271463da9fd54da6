package dev.accountbackup.engine.snapshot;

/**
 * Where a snapshot restore stands.
 *
 * @param identifier the new instance or cluster
 * @param status     its RDS status, e.g. "creating", "available" (for a cluster: the cluster's)
 * @param endpoint   host name to connect to, once RDS has assigned it ({@code null} before)
 * @param done       true once the new instance (for a cluster: the cluster and its first instance) is available
 */
public record SnapshotRestoreProgress(
        String identifier, String arn, String status, String endpoint, Integer port, boolean done) {}
