package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.manifest.Manifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an auditor asks about each erasure: when it was recorded, which backups were purged of it
 * and when, and which may still hold the data (taken before it, not purged) and until when.
 * Built from the ledger and the manifests alone: no key, no account data.
 */
public final class ErasureEvidence {

    /** A backup that may still hold an erased account. */
    public record Holding(String backupId, Instant startedAt, String until) {}

    /** A backup purged of an erasure. */
    public record Purged(String backupId, Instant purgedAt) {}

    /** One erasure request and the backups it concerns. */
    public record Request(
            String entryId,
            String root,
            int accounts,
            Instant erasedAt,
            String reference,
            List<Purged> purged,
            List<Holding> mayHold) {}

    private ErasureEvidence() {}

    /** @param backups the folder's usable backups */
    public static List<Request> of(LedgerState ledger, List<Manifest> backups, Instant now) {
        List<Request> requests = new ArrayList<>();
        for (ErasureEntry e : ledger.entries()) {
            List<Purged> purged = new ArrayList<>();
            List<Holding> holding = new ArrayList<>();
            String label = BackupPurge.LABEL_PREFIX + e.id();
            for (Manifest m : backups) {
                String record = m.labels() == null ? null : m.labels().get(label);
                if (record != null) {
                    purged.add(new Purged(m.backupId(), BackupPurge.purgedAt(record)));
                } else if (m.startedAt() != null && m.startedAt().isBefore(e.erasedAt())) {
                    String until = m.lockedAt(now)
                            ? "its Object Lock ends at " + m.objectLock().retainUntil() + ", then retention deletes it"
                            : "it is purged or retention deletes it";
                    holding.add(new Holding(m.backupId(), m.startedAt(), until));
                }
            }
            requests.add(
                    new Request(e.id(), e.root(), e.keyHashes().size(), e.erasedAt(), e.reference(), purged, holding));
        }
        return requests;
    }
}
