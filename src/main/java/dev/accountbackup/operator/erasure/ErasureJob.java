package dev.accountbackup.operator.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.erasure.BackupPurge;
import dev.accountbackup.engine.erasure.ErasureEntry;
import dev.accountbackup.engine.erasure.ErasureEvidence;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.LedgerState;
import dev.accountbackup.engine.erasure.PurgeOutcome;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoredBackup;
import dev.accountbackup.operator.erasure.ErasureOutcome.ErasedBackup;
import dev.accountbackup.operator.erasure.ErasureOutcome.PredatingSnapshot;
import dev.accountbackup.operator.erasure.ErasureOutcome.Recorded;
import dev.accountbackup.operator.erasure.ErasureOutcome.State;
import dev.accountbackup.operator.resolve.StoreOpener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One erasure attempt, on a job thread: records the entry in the namespace's ledger ({@code <namespace>/_erasures/},
 * written once: the entry id is a hash of the request, so a retry or a restarted operator finds it), then purges every
 * backup set of the namespace, or lists the backups taken before it, then lists the RDS snapshots taken before it.
 * Each step is reported to {@link ErasureProgress} as it ends. Only the namespace's own folder is read or written.
 *
 * @param keys      the erased accounts' keys: hashed at once, never stored, logged or shown
 * @param snapshots the named AccountBackup's snapshots; null when it takes none
 */
record ErasureJob(
        StoreOpener storage,
        String namespace,
        String root,
        List<String> keys,
        String reference,
        ErasureHasher hasher,
        boolean purge,
        SnapshotsBeforeErasure snapshots,
        ErasureProgress progress,
        Clock clock)
        implements Supplier<ErasureOutcome> {

    /** Failed backups named in the message of a failed attempt; the status lists them all. */
    private static final int FAILURES_NAMED = 3;

    /**
     * @throws BackupException when the ledger cannot be read or written, or (after trying every backup) a backup could
     *                         not be purged: retryable when one of them failed transiently
     */
    @Override
    public ErasureOutcome get() {
        try (BackupStore store = storage.open()) {
            BackupLocation folder = storage.location(store, namespace);
            ErasureLedger ledger = new ErasureLedger(store, namespace, folder.signer(), clock);
            ErasureEntry entry = record(ledger);
            for (String set : NamespaceBackups.folders(store, namespace)) {
                BackupLocation backups = storage.location(store, set);
                if (purge) {
                    purge(backups, entry);
                } else {
                    listHolding(backups, entry, ledger.read());
                }
            }
            if (snapshots != null) {
                List<String> problems = new ArrayList<>();
                List<PredatingSnapshot> found = snapshots.list(
                        entry.erasedAt(),
                        (region, why) -> problems.add("the RDS snapshots of AccountBackup '" + snapshots.backupName()
                                + "' in " + region + " could not be listed: " + why));
                progress.update(o -> o.withSnapshots(found, problems));
            }
        }
        ErasureOutcome outcome = progress.soFar();
        failIfAny(outcome);
        return outcome;
    }

    private ErasureEntry record(ErasureLedger ledger) {
        LedgerState before = ledger.read();
        if (before.entries().stream().anyMatch(e -> !e.keyCheck().equals(hasher.keyCheck()))) {
            // restores refuse a ledger of mixed keys: recording this entry would stop every restore of the namespace
            throw BackupException.invalid("the erasure ledger at " + ledger.uri()
                    + " holds entries hashed with another erasure hash key than the one in the Secret: use that key;"
                    + " nothing was recorded");
        }
        List<String> hashes = keys.stream().map(hasher::hash).toList();
        ErasureLedger.Appended appended = ledger.append(root, hashes, reference, hasher.keyCheck());
        String version = ledger.read().version();
        progress.update(o -> o.withRecorded(new Recorded(appended.entry(), appended.written(), ledger.uri(), version)));
        return appended.entry();
    }

    /** Every backup of the set: one that fails does not stop the others. */
    private void purge(BackupLocation backups, ErasureEntry entry) {
        BackupPurge purger = new BackupPurge(backups, clock);
        String label = BackupPurge.LABEL_PREFIX + entry.id();
        for (StoredBackup stored : backups.catalog()) {
            if (!stored.usable()) {
                failed(backups, stored.backupId(), "cannot be read: " + stored.problem(), Kind.CORRUPT);
                continue;
            }
            PurgeOutcome outcome;
            try {
                outcome = purger.purge(stored.manifest(), entry, hasher);
            } catch (BackupException e) {
                failed(backups, stored.backupId(), e.getMessage(), e.kind());
                continue;
            }
            switch (outcome.state()) {
                case PURGED, ALREADY_PURGED -> {
                    Manifest purged = outcome.state() == PurgeOutcome.State.PURGED
                            ? backups.readManifest(stored.backupId())
                            : stored.manifest();
                    purged(backups, purged, purged.labels().get(label));
                }
                case LOCKED ->
                    progress.update(o -> o.withBackup(new ErasedBackup(
                            backups.path(),
                            outcome.backupId(),
                            State.Locked,
                            null,
                            null,
                            outcome.lockedUntil(),
                            outcome.legalHold() ? "under a legal hold" : null,
                            null)));
                case NOT_AFFECTED -> progress.update(ErasureOutcome::withNotAffected);
                case FAILED -> failed(backups, outcome.backupId(), outcome.reason(), Kind.INTERNAL);
            }
        }
    }

    /** Without a purge: the backups purged of this erasure before (e.g. by the command line), and those that may hold it. */
    private void listHolding(BackupLocation backups, ErasureEntry entry, LedgerState ledger) {
        List<Manifest> manifests = backups.list();
        String label = BackupPurge.LABEL_PREFIX + entry.id();
        for (Manifest m : manifests) {
            if (m.labels() != null && m.labels().containsKey(label)) {
                purged(backups, m, m.labels().get(label));
            }
        }
        ErasureEvidence.of(ledger, backups, manifests, clock.instant()).stream()
                .filter(r -> r.entryId().equals(entry.id()))
                .flatMap(r -> r.mayHold().stream())
                .forEach(h -> progress.update(o -> o.withBackup(new ErasedBackup(
                        backups.path(),
                        h.backupId(),
                        State.NotPurged,
                        null,
                        null,
                        null,
                        "taken before the erasure and not purged: may hold the accounts until " + h.until(),
                        null))));
    }

    private void purged(BackupLocation backups, Manifest manifest, String record) {
        progress.update(o -> o.withBackup(new ErasedBackup(
                backups.path(),
                manifest.backupId(),
                State.Purged,
                BackupPurge.purgedAt(record),
                BackupPurge.rowsRemoved(record),
                null,
                null,
                null)));
    }

    private void failed(BackupLocation backups, String backupId, String reason, Kind kind) {
        progress.update(o ->
                o.withBackup(new ErasedBackup(backups.path(), backupId, State.Failed, null, null, null, reason, kind)));
    }

    /** The attempt fails when a backup could not be purged; it is retried if one of them may succeed next time. */
    private static void failIfAny(ErasureOutcome outcome) {
        List<ErasedBackup> failed = outcome.failed();
        if (failed.isEmpty()) {
            return;
        }
        Kind kind = failed.stream()
                .map(ErasedBackup::failure)
                .filter(Kind::retryable)
                .findFirst()
                .orElse(failed.get(0).failure());
        String named = failed.stream()
                .limit(FAILURES_NAMED)
                .map(b -> b.folder() + "/" + b.backupId() + ": " + b.reason())
                .collect(Collectors.joining("; "));
        throw new BackupException(
                kind,
                "erasure " + outcome.recorded().entry().id() + " is recorded, and " + failed.size()
                        + " backup(s) could not be purged (intact, see status.backups): " + named
                        + (failed.size() > FAILURES_NAMED ? "; ..." : ""));
    }
}
