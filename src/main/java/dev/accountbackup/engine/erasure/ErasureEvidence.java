package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an auditor asks about each erasure: when it was recorded, which backups were purged of it
 * and when, and which may still hold the data (taken before it, not purged) and until when.
 * Built from the ledger, the manifests and the Object Lock S3 reports on the backups' object versions
 * (a bucket's default retention, a lock extended after the export and a legal hold are in no manifest):
 * no key, no account data.
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

    /** @param backups the usable backups of {@code location} */
    public static List<Request> of(LedgerState ledger, BackupLocation location, List<Manifest> backups, Instant now) {
        List<Request> requests = new ArrayList<>();
        Map<String, String> untilByBackup = new HashMap<>();
        for (ErasureEntry e : ledger.entries()) {
            List<Purged> purged = new ArrayList<>();
            List<Holding> holding = new ArrayList<>();
            String label = BackupPurge.LABEL_PREFIX + e.id();
            for (Manifest m : backups) {
                String record = m.labels() == null ? null : m.labels().get(label);
                if (record != null) {
                    purged.add(new Purged(m.backupId(), BackupPurge.purgedAt(record)));
                } else if (m.startedAt() != null && m.startedAt().isBefore(e.erasedAt())) {
                    String until =
                            untilByBackup.computeIfAbsent(m.backupId(), id -> until(BackupHold.read(location, m, now)));
                    holding.add(new Holding(m.backupId(), m.startedAt(), until));
                }
            }
            requests.add(
                    new Request(e.id(), e.root(), e.keyHashes().size(), e.erasedAt(), e.reference(), purged, holding));
        }
        return requests;
    }

    private static String until(Optional<BackupHold> hold) {
        if (hold.isEmpty()) {
            return "it is purged or retention deletes it";
        }
        Instant date = hold.get().until();
        String lock = hold.get().legalHold()
                ? "its legal hold (Object Lock) is removed"
                        + (date == null ? "" : " and its Object Lock ends at " + date)
                : "its Object Lock ends at " + date;
        return lock + ", then retention deletes it";
    }
}
