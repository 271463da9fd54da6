package dev.accountbackup.operator.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.erasure.ErasureEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an erasure attempt has done so far, or did: the ledger entry, the backups that held or may hold the accounts,
 * the snapshots taken before it. Counts and ids only, never keys. Immutable: progress replaces it.
 *
 * @param recorded    the ledger entry, once written or found; null before
 * @param backups     the backups that held or may hold the accounts, in the order they were looked at
 * @param notAffected backups checked and found to hold none of the accounts
 * @param snapshots   RDS snapshots taken before the erasure, once listed
 * @param warnings    what did not stop the erasure (snapshots that could not be listed)
 */
public record ErasureOutcome(
        Recorded recorded,
        List<ErasedBackup> backups,
        int notAffected,
        List<PredatingSnapshot> snapshots,
        List<String> warnings) {

    public static final ErasureOutcome NOTHING_YET = new ErasureOutcome(null, List.of(), 0, List.of(), List.of());

    public ErasureOutcome {
        backups = List.copyOf(backups);
        snapshots = List.copyOf(snapshots);
        warnings = List.copyOf(warnings);
    }

    /**
     * The ledger entry of the erasure.
     *
     * @param written       whether this attempt wrote it (false: an earlier one did, or the same request was recorded before)
     * @param ledger        where the ledger is, without credentials
     * @param ledgerVersion the ledger's version with the entry in it
     */
    public record Recorded(ErasureEntry entry, boolean written, String ledger, String ledgerVersion) {}

    /** States of a backup, as the status names them, those that need attention first. */
    public enum State {
        Failed,
        Locked,
        NotPurged,
        Purged
    }

    /**
     * One backup that held or may hold the accounts.
     *
     * @param folder      its backup set, e.g. shop/nightly
     * @param purgedAt    for Purged: when, as its manifest records it
     * @param rowsRemoved for Purged: rows removed per table
     * @param lockedUntil for Locked: when its Object Lock ends
     * @param reason      for Failed: why; for NotPurged: until when it may hold the accounts
     * @param failure     for Failed: the kind of failure, which decides whether the attempt is retried
     */
    public record ErasedBackup(
            String folder,
            String backupId,
            State state,
            Instant purgedAt,
            Map<String, Long> rowsRemoved,
            Instant lockedUntil,
            String reason,
            BackupException.Kind failure) {

        public ErasedBackup {
            rowsRemoved = rowsRemoved == null ? Map.of() : Map.copyOf(rowsRemoved);
        }
    }

    /**
     * An RDS snapshot taken before the erasure.
     *
     * @param deletedAfter the earliest time retention deletes it; null when it will not by age
     * @param retention    how retention treats it, in words
     */
    public record PredatingSnapshot(
            String identifier, String region, Instant createdAt, Instant deletedAfter, String retention) {}

    ErasureOutcome withRecorded(Recorded r) {
        return new ErasureOutcome(r, backups, notAffected, snapshots, warnings);
    }

    ErasureOutcome withBackup(ErasedBackup b) {
        List<ErasedBackup> more = new ArrayList<>(backups);
        more.add(b);
        return new ErasureOutcome(recorded, more, notAffected, snapshots, warnings);
    }

    ErasureOutcome withNotAffected() {
        return new ErasureOutcome(recorded, backups, notAffected + 1, snapshots, warnings);
    }

    ErasureOutcome withSnapshots(List<PredatingSnapshot> found, List<String> problems) {
        List<String> more = new ArrayList<>(warnings);
        more.addAll(problems);
        return new ErasureOutcome(recorded, backups, notAffected, found, more);
    }

    /** The backups that could not be purged. */
    public List<ErasedBackup> failed() {
        return backups.stream().filter(b -> b.state() == State.Failed).toList();
    }

    public long count(State state) {
        return backups.stream().filter(b -> b.state() == state).count();
    }
}
