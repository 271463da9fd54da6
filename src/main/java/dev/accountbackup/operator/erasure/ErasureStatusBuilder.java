package dev.accountbackup.operator.erasure;

import dev.accountbackup.api.AccountErasureStatus;
import dev.accountbackup.api.ErasedBackupStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.PredatingSnapshotStatus;
import dev.accountbackup.operator.erasure.ErasureOutcome.ErasedBackup;
import dev.accountbackup.operator.erasure.ErasureOutcome.PredatingSnapshot;
import dev.accountbackup.operator.erasure.ErasureOutcome.State;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.status.FailureReasons;
import dev.accountbackup.operator.status.RunStatusBuilder;
import dev.accountbackup.operator.status.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds each status an AccountErasure can show, always as a fresh object: the ledger entry, the backups and snapshots
 * that held or hold the accounts. Counts, ids and the reference only: never a key.
 */
final class ErasureStatusBuilder extends RunStatusBuilder<AccountErasureStatus, ErasureOutcome, ErasureAttempt> {

    private static final Events EVENTS = new Events(
            EventReason.ErasureStarted,
            EventReason.ErasureSucceeded,
            EventReason.ErasureRetrying,
            EventReason.ErasureFailed);

    /** Keeps the status far below the API server's object size limit, however many backups a namespace holds. */
    static final int MAX_LISTED_BACKUPS = 300;

    static final String SPEC_CHANGE_IGNORED = "the spec changed after the erasure was recorded; a recorded erasure is"
            + " never recorded again nor undone: create a new AccountErasure for other accounts";

    ErasureStatusBuilder(AccountErasureStatus current, long generation, Instant now) {
        super(AccountErasureStatus.class, EVENTS, current, generation, now);
    }

    @Override
    public AccountErasureStatus running(AttemptHandle<ErasureOutcome, ErasureAttempt> job, int backoffLimit) {
        ErasureAttempt a = job.details();
        AccountErasureStatus s = forAttempt(
                fresh(), job, Phase.Running, runningMessage(a.describe(), job, backoffLimit, a.previousError()));
        showAttempt(s, a);
        return ready(s, false, runningReason(job), job.generation());
    }

    @Override
    public AccountErasureStatus succeeded(AttemptHandle<ErasureOutcome, ErasureAttempt> job) {
        ErasureOutcome outcome = job.result();
        AccountErasureStatus s = forAttempt(
                fresh(), job, Phase.Succeeded, summary(outcome, job.details().purge()));
        s.setCompletedAt(Timestamps.format(job.finishedAt().orElse(now)));
        show(s, outcome);
        return ready(s, true, "Succeeded", job.generation());
    }

    @Override
    public AccountErasureStatus failed(AttemptHandle<ErasureOutcome, ErasureAttempt> job, int backoffLimit) {
        AccountErasureStatus s = forAttempt(fresh(), job, Phase.Failed, failureMessage(job, backoffLimit));
        s.setCompletedAt(Timestamps.format(job.finishedAt().orElse(now)));
        showAttempt(s, job.details());
        return ready(s, false, FailureReasons.of(job.error()), job.generation());
    }

    /** What the attempt has done so far: a failed or retried attempt still shows the entry and each backup's outcome. */
    @Override
    protected void showAttempt(AccountErasureStatus s, ErasureAttempt attempt) {
        show(s, attempt.progress().soFar());
    }

    @Override
    public AccountErasureStatus interrupted(
            RunDecision.GiveUp<ErasureOutcome, ErasureAttempt> giveUp, int backoffLimit) {
        return interrupted(copyOfCurrent(), interruptedMessage(giveUp.attempts(), backoffLimit, EDIT_THE_SPEC));
    }

    @Override
    protected String specChangeIgnoredMessage() {
        return SPEC_CHANGE_IGNORED;
    }

    private static void show(AccountErasureStatus s, ErasureOutcome outcome) {
        if (outcome.recorded() != null) {
            ErasureOutcome.Recorded r = outcome.recorded();
            s.setEntryId(r.entry().id());
            s.setRecordedAt(Timestamps.format(r.entry().erasedAt()));
            s.setLedger(r.ledger());
            s.setLedgerVersion(r.ledgerVersion());
            s.setRoot(r.entry().root());
            s.setAccounts(r.entry().keyHashes().size());
        }
        List<ErasedBackupStatus> backups = new ArrayList<>();
        // the ones that need attention first, so that a capped list still shows them
        outcome.backups().stream()
                .sorted(Comparator.comparing(ErasedBackup::state))
                .limit(MAX_LISTED_BACKUPS)
                .forEach(b -> backups.add(backup(b)));
        s.setBackups(backups);
        s.setBackupsNotAffected(outcome.recorded() == null ? null : outcome.notAffected());
        List<PredatingSnapshotStatus> snapshots = new ArrayList<>();
        outcome.snapshots().forEach(p -> snapshots.add(snapshot(p)));
        s.setSnapshots(snapshots);
        s.setWarnings(new ArrayList<>(outcome.warnings()));
        if (outcome.backups().size() > MAX_LISTED_BACKUPS) {
            s.getWarnings()
                    .add((outcome.backups().size() - MAX_LISTED_BACKUPS)
                            + " more backup(s) are not listed (status.backups" + " holds " + MAX_LISTED_BACKUPS
                            + "); purged ones record it in their manifests");
        }
    }

    private static ErasedBackupStatus backup(ErasedBackup b) {
        ErasedBackupStatus s = new ErasedBackupStatus();
        s.setFolder(b.folder());
        s.setBackupId(b.backupId());
        s.setState(b.state().name());
        s.setPurgedAt(Timestamps.format(b.purgedAt()));
        s.setRowsRemoved(b.rowsRemoved().isEmpty() ? null : b.rowsRemoved());
        s.setLockedUntil(Timestamps.format(b.lockedUntil()));
        s.setReason(b.reason());
        return s;
    }

    private static PredatingSnapshotStatus snapshot(PredatingSnapshot p) {
        PredatingSnapshotStatus s = new PredatingSnapshotStatus();
        s.setIdentifier(p.identifier());
        s.setRegion(p.region());
        s.setCreatedAt(Timestamps.format(p.createdAt()));
        s.setDeletedByRetentionAfter(Timestamps.format(p.deletedAfter()));
        s.setRetention(p.retention());
        return s;
    }

    /** E.g. "recorded erasure e-... (reference DSR-2026-0042): 1 account(s) of public.users; 2 backup(s) purged, ...". */
    static String summary(ErasureOutcome o, boolean purge) {
        ErasureOutcome.Recorded r = o.recorded();
        StringBuilder b = new StringBuilder()
                .append(r.written() ? "recorded erasure " : "erasure already recorded: ")
                .append(r.entry().id())
                .append(" (reference ")
                .append(r.entry().reference())
                .append("): ")
                .append(r.entry().keyHashes().size())
                .append(" account(s) of ")
                .append(r.entry().root())
                .append(", ledger version ")
                .append(r.ledgerVersion());
        if (purge) {
            b.append("; ")
                    .append(o.count(State.Purged))
                    .append(" backup(s) purged, ")
                    .append(o.notAffected())
                    .append(" held none of the accounts");
            long locked = o.count(State.Locked);
            if (locked > 0) {
                List<ErasedBackup> held = o.backups().stream()
                        .filter(x -> x.state() == State.Locked)
                        .toList();
                // a legal hold has no date: it holds until someone lifts it
                Optional<Instant> last = held.stream()
                        .map(ErasedBackup::lockedUntil)
                        .filter(Objects::nonNull)
                        .max(Instant::compareTo);
                boolean legalHold = held.stream().anyMatch(x -> x.lockedUntil() == null || x.reason() != null);
                b.append(", ").append(locked).append(" under Object Lock hold the accounts");
                last.ifPresent(
                        t -> b.append(" until ").append(Timestamps.format(t)).append(" at the latest"));
                if (legalHold) {
                    b.append(last.isPresent() ? " or" : "").append(" while a legal hold is on");
                }
                b.append(" (restores from them withhold the accounts)");
            }
        } else {
            long holding = o.count(State.NotPurged);
            b.append("; ")
                    .append(holding)
                    .append(" backup(s) taken before it may hold the accounts until retention deletes them (restores")
                    .append(" withhold them; purgeBackups rewrites them)");
        }
        if (!o.snapshots().isEmpty()) {
            b.append("; ")
                    .append(o.snapshots().size())
                    .append(" RDS snapshot(s) taken before it hold the accounts until retention deletes them")
                    .append(" (see status.snapshots)");
        }
        if (!o.warnings().isEmpty()) {
            b.append("; ").append(o.warnings().size()).append(" warning(s)");
        }
        return b.toString();
    }
}
