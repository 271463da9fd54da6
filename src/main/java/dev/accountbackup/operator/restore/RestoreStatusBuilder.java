package dev.accountbackup.operator.restore;

import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.ErasedTableStatus;
import dev.accountbackup.api.InstanceErasuresStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreErasuresStatus;
import dev.accountbackup.api.RestoredAccountsStatus;
import dev.accountbackup.api.RestoredTable;
import dev.accountbackup.engine.erasure.ErasuresApplied;
import dev.accountbackup.engine.erasure.InstanceErasureResult;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.restore.RestoredAccounts;
import dev.accountbackup.engine.restore.TableRestoreResult;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.status.FailureReasons;
import dev.accountbackup.operator.status.RunStatusBuilder;
import dev.accountbackup.operator.status.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds each status an AccountRestore can show, always as a fresh object. */
final class RestoreStatusBuilder extends RunStatusBuilder<AccountRestoreStatus, RestoreOutcome, RestoreAttempt> {

    private static final Events EVENTS = new Events(
            EventReason.RestoreStarted,
            EventReason.RestoreSucceeded,
            EventReason.RestoreRetrying,
            EventReason.RestoreFailed);

    static final String SPEC_CHANGE_IGNORED =
            "the spec changed after the restore completed; a completed restore never runs again:"
                    + " create a new AccountRestore to restore again";

    RestoreStatusBuilder(AccountRestoreStatus current, long generation, Instant now) {
        super(AccountRestoreStatus.class, EVENTS, current, generation, now);
    }

    @Override
    public AccountRestoreStatus running(AttemptHandle<RestoreOutcome, RestoreAttempt> job, int backoffLimit) {
        RestoreAttempt a = job.details();
        AccountRestoreStatus s = forAttempt(
                fresh(), job, Phase.Running, runningMessage(a.describe(), job, backoffLimit, a.previousError()));
        showAttempt(s, a);
        return ready(s, false, runningReason(job), job.generation());
    }

    @Override
    public AccountRestoreStatus succeeded(AttemptHandle<RestoreOutcome, RestoreAttempt> job) {
        RestoreOutcome outcome = job.result();
        RestoreResult r = outcome.result();
        String message = r == null ? "" : summary(r);
        if (outcome.snapshot() != null) {
            String instance = "restored " + job.details().snapshot().status().getSnapshotIdentifier()
                    + " into the new instance " + outcome.snapshot().identifier() + " at "
                    + outcome.snapshot().endpoint() + ":" + outcome.snapshot().port()
                    + instanceErasuresSummary(outcome.instanceErasures());
            message = r == null ? instance : instance + "; then " + message;
        }
        AccountRestoreStatus s = forAttempt(fresh(), job, Phase.Succeeded, message);
        s.setCompletedAt(Timestamps.format(job.finishedAt().orElse(now)));
        showAttempt(s, job.details());
        if (r != null) {
            s.setBackupId(r.backupId());
            s.setDryRun(r.dryRun());
            List<RestoredTable> tables = new ArrayList<>();
            for (TableRestoreResult t : r.tables()) {
                RestoredTable table = new RestoredTable();
                table.setName(t.table());
                table.setInserted(t.inserted());
                table.setUpdated(t.updated());
                table.setDeleted(t.deleted());
                table.setUnchanged(t.unchanged());
                table.setSkippedColumns(
                        t.skippedColumns() == null ? new ArrayList<>() : new ArrayList<>(t.skippedColumns()));
                long withheld = r.erasures().rowsWithheld(t.table());
                table.setWithheldByErasures(withheld > 0 ? withheld : null);
                tables.add(table);
            }
            s.setTables(tables);
            s.setLoadConnections(r.dryRun() ? null : r.loadConnections());
            s.setSafetyBackupId(r.safetyBackupId());
            s.setSafetyLocation(outcome.safetyLocation());
            s.setWarnings(r.warnings() == null ? new ArrayList<>() : new ArrayList<>(r.warnings()));
            s.setErasures(erasures(r.erasures()));
            if (r.erasures().ignored()) {
                s.getWarnings().add(ERASURES_IGNORED);
            }
            s.setAccounts(r.accounts() == null ? null : accounts(r.accounts()));
            if (r.maskedCopy()) {
                s.setMaskedColumns(new ArrayList<>(r.masked()));
                s.setSampledAccounts(r.sampledAccounts() > 0 ? r.sampledAccounts() : null);
            }
        }
        if (outcome.diff() != null) {
            s.setDiff(RestoreDiffStatuses.of(outcome.diff()));
        }
        if (outcome.snapshot() != null) {
            showInstanceErasures(s, outcome.instanceErasures());
        }
        return ready(s, true, r != null && r.dryRun() ? "DryRunSucceeded" : "Succeeded", job.generation());
    }

    @Override
    public AccountRestoreStatus failed(AttemptHandle<RestoreOutcome, RestoreAttempt> job, int backoffLimit) {
        AccountRestoreStatus s = forAttempt(fresh(), job, Phase.Failed, failureMessage(job, backoffLimit));
        s.setCompletedAt(Timestamps.format(job.finishedAt().orElse(now)));
        showAttempt(s, job.details());
        return ready(s, false, FailureReasons.of(job.error()), job.generation());
    }

    /** The backup asked for, whether it is a dry run, and how far the new instance of a snapshot restore got. */
    @Override
    protected void showAttempt(AccountRestoreStatus s, RestoreAttempt a) {
        s.setBackupId(a.requestedBackupId());
        s.setDryRun(a.dryRun());
        s.setSnapshot(a.snapshot() == null ? null : a.snapshot().status());
    }

    @Override
    public AccountRestoreStatus interrupted(
            RunDecision.GiveUp<RestoreOutcome, RestoreAttempt> giveUp, int backoffLimit) {
        String message = giveUp.resumable()
                ? interruptedMessage(giveUp.attempts(), backoffLimit, EDIT_THE_SPEC)
                : notResumedMessage(giveUp.attempts());
        return interrupted(copyOfCurrent(), message);
    }

    /**
     * Why a restore cut short by a restart is not run again, and what to do. Re-running by itself would not be safe:
     * a Replace that committed just before the restart, run again later, would delete the rows created in between.
     */
    static String notResumedMessage(int attempt) {
        return "attempt " + attempt
                + " was interrupted by an operator restart and is not run again by itself. The restore is one"
                + " transaction, so the database holds either all of it (if it committed just before the restart) or none of it:"
                + " a new AccountRestore with dryRun: true shows which, and a new AccountRestore runs it again";
    }

    @Override
    protected String specChangeIgnoredMessage() {
        return SPEC_CHANGE_IGNORED;
    }

    static final String ERASURES_IGNORED = "erasures ignored as the spec says (ignoreErasures): the erasure ledger was"
            + " not read, so accounts erased since the backup may be back";

    static final String INSTANCE_ERASURES_IGNORED = "erasures ignored as the spec says (ignoreErasures): the erasure"
            + " ledger was not read, so accounts erased since the snapshot may be in the new instance";

    private static String instanceErasuresSummary(InstanceErasureResult erased) {
        if (erased.ignored()) {
            return "; erasures ignored (ignoreErasures): erased accounts were not deleted from it";
        }
        return erased.accountsDeleted() == 0
                ? ""
                : "; deleted " + erased.accountsDeleted() + " erased account(s) (" + erased.totalRowsDeleted()
                        + " rows) from it";
    }

    /** Counts only, the tables children first: the status never names an erased account. */
    private void showInstanceErasures(AccountRestoreStatus s, InstanceErasureResult erased) {
        InstanceErasuresStatus e = new InstanceErasuresStatus();
        if (erased.ignored()) {
            e.setIgnored(true);
            s.getWarnings().add(INSTANCE_ERASURES_IGNORED);
        } else {
            e.setLedgerVersion(erased.ledgerVersion());
            e.setEntries(erased.entries());
            e.setAccountsDeleted(erased.accountsDeleted());
            e.setRowsDeleted(erased.totalRowsDeleted());
            erased.rowsDeleted().forEach((table, rows) -> {
                ErasedTableStatus t = new ErasedTableStatus();
                t.setName(table);
                t.setRowsDeleted(rows);
                e.getTables().add(t);
            });
            e.setRootsNotApplied(erased.rootsNotApplied().isEmpty() ? null : new ArrayList<>(erased.rootsNotApplied()));
        }
        s.getSnapshot().setErasures(e);
    }

    /** Counts only: the status never names an erased account. */
    private static RestoreErasuresStatus erasures(ErasuresApplied applied) {
        RestoreErasuresStatus e = new RestoreErasuresStatus();
        if (applied.ignored()) {
            e.setIgnored(true);
            return e;
        }
        e.setLedgerVersion(applied.ledgerVersion());
        e.setEntries(applied.entries());
        e.setAccountsWithheld(applied.accountsWithheld());
        if (applied.ledgerTable() != null) {
            e.setLedgerTable(applied.ledgerTable());
            e.setLedgerTableKeys(applied.ledgerTableKeys());
        }
        e.setRowsWithheld(applied.rowsWithheld().values().stream()
                .mapToLong(Long::longValue)
                .sum());
        return e;
    }

    /** The keys not found are the user's own, shown back in the status (capped), never in the message or events. */
    private static RestoredAccountsStatus accounts(RestoredAccounts a) {
        RestoredAccountsStatus status = new RestoredAccountsStatus();
        status.setRoot(a.root());
        status.setSelection(a.selection());
        status.setFound(a.found());
        status.setNotFound((long) a.notFound().size());
        status.setNotFoundKeys(new ArrayList<>(
                a.notFound().subList(0, Math.min(a.notFound().size(), RestoredAccountsStatus.MAX_LISTED))));
        return status;
    }

    private static String accountsSummary(RestoredAccounts a) {
        return "; accounts of " + a.root() + ": " + a.found() + " found in the backup"
                + (a.notFound().isEmpty() ? "" : ", " + a.notFound().size() + " not found (see status.accounts)");
    }

    private static String summary(RestoreResult r) {
        long inserted = 0;
        long updated = 0;
        long deleted = 0;
        long unchanged = 0;
        for (TableRestoreResult t : r.tables()) {
            inserted += t.inserted();
            updated += t.updated();
            deleted += t.deleted();
            unchanged += t.unchanged();
        }
        String tables = r.tables().size() + (r.tables().size() == 1 ? " table" : " tables");
        if (r.accounts() != null) {
            tables += accountsSummary(r.accounts());
        }
        if (r.dryRun()) {
            return "dry run of backup " + r.backupId() + ": would insert " + inserted + ", update " + updated
                    + ", delete " + deleted + " and leave " + unchanged + " rows unchanged in " + tables
                    + "; nothing was changed"
                    + (r.erasures().accountsWithheld() == 0
                            ? ""
                            : "; " + r.erasures().accountsWithheld() + " erased account(s) would be withheld");
        }
        String withheld = r.erasures().ignored()
                ? "; erasures ignored (ignoreErasures): the erasure ledger was not read"
                : r.erasures().accountsWithheld() == 0
                        ? ""
                        : "; " + r.erasures().accountsWithheld() + " erased account(s) withheld";
        String loaded = r.atomic()
                ? ""
                : " (loaded on " + r.loadConnections() + " connections at once, not in one transaction)";
        return "restored backup " + r.backupId() + loaded + ": " + inserted + " inserted, " + updated + " updated, "
                + deleted
                + " deleted, "
                + unchanged + " unchanged rows in " + tables
                + (r.safetyBackupId() == null
                        ? ""
                        : "; the rows as they were are saved as backup " + r.safetyBackupId())
                + withheld;
    }
}
