package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.BackupRecord;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.SkippedRun;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.retention.DurationText;
import dev.accountbackup.engine.schedule.ScheduleDecision;
import dev.accountbackup.engine.schedule.Scheduler;
import dev.accountbackup.engine.schedule.SkippedTime;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.operator.status.FailureReasons;
import dev.accountbackup.operator.status.StatusUpdates;
import dev.accountbackup.operator.status.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Builds each status a scheduled AccountBackup shows, always from a copy of the current one, and
 * never from anything that changes by itself between runs, so a waiting resource stays quiet. One
 * instance serves one reconcile: it knows the schedule's decision and the run being started.
 */
final class ScheduledStatusBuilder extends BackupStatusBuilder {

    static final String BACKUPS_CURRENT = "BackupsCurrent";
    /** Successful runs status lists; failed ones are limited by retention.keepFailed. */
    static final int RECENT_SUCCESSES = 10;

    private final ScheduleSettings settings;
    private final Instant createdAt;
    private final ScheduleDecision decision;
    private final String runId;

    /**
     * @param decision the schedule's decision of this reconcile, when it took one (no run was in progress), else null
     * @param runId    the run id of the run this reconcile starts, or null
     */
    ScheduledStatusBuilder(
            AccountBackupStatus current,
            long generation,
            Instant now,
            ScheduleSettings settings,
            Instant createdAt,
            ScheduleDecision decision,
            String runId) {
        super(current, generation, now);
        this.settings = settings;
        this.createdAt = createdAt;
        this.decision = decision;
        this.runId = runId;
    }

    /** Between runs: the scheduler's bookkeeping and what is next. */
    @Override
    public AccountBackupStatus notDue() {
        AccountBackupStatus s = withDecision(copyOfCurrent(), decision);
        s.setPhase(lastOutcome(s));
        String next = decision.action() == ScheduleDecision.Action.SUSPENDED
                ? "suspended: no scheduled backup starts until spec.suspend is false"
                : "next backup at " + Timestamps.format(decision.nextScheduleTime());
        BackupRecord failed = s.getPhase() == Phase.Failed ? s.getLastFailedBackup() : null;
        s.setMessage(
                failed == null
                        ? next
                        : "the backup " + failed.getId() + " failed: " + failed.getReason() + "; " + next);
        s.setObservedGeneration(generation);
        return withConditions(s, generation);
    }

    /** A scheduled run's attempt is running (the first attempt of a run also records the schedule's decision to run it). */
    @Override
    public AccountBackupStatus running(AttemptHandle<BackupOutcome, BackupAttempt> job, int backoffLimit) {
        AccountBackupStatus s = copyOfCurrent();
        if (decision != null) {
            withDecision(s, decision);
            s.setLastScheduleTime(Timestamps.format(decision.runTime()));
        }
        forAttempt(s, job, Phase.Running, runningMessage(job, backoffLimit));
        showAttempt(s, job.details());
        s.setCompletedAt(null);
        s.setRunInProgress(true);
        return withConditions(s, job.generation());
    }

    @Override
    public AccountBackupStatus retrying(
            AttemptHandle<BackupOutcome, BackupAttempt> job, int backoffLimit, Instant nextAttempt) {
        AccountBackupStatus s =
                forAttempt(copyOfCurrent(), job, Phase.Running, retryMessage(job, backoffLimit, nextAttempt));
        return withConditions(s, job.generation());
    }

    @Override
    public AccountBackupStatus succeeded(AttemptHandle<BackupOutcome, BackupAttempt> job) {
        BackupOutcome outcome = job.result();
        String backupId = job.details().backupId();
        Instant finished = job.finishedAt().orElse(now);
        AccountBackupStatus s = forAttempt(
                copyOfCurrent(),
                job,
                Phase.Succeeded,
                succeededMessage(outcome, backupId)
                        + (outcome.retention() == null
                                ? ""
                                : "; retention: " + outcome.retention().summary()));
        showOutcome(s, outcome, backupId);
        Map<String, Long> rows = new LinkedHashMap<>();
        if (outcome.manifest() != null) {
            outcome.manifest().tables().forEach(t -> rows.put(t.displayName(), t.rows()));
        }
        s.setCompletedAt(Timestamps.format(finished));
        s.setRunInProgress(false);
        s.setLastRunFinishedAt(Timestamps.format(finished));
        BackupRecord record = BackupRecord.succeeded(
                backupId,
                Timestamps.format(finished),
                rows,
                outcome.location(),
                outcome.snapshot() == null
                        ? null
                        : outcome.snapshot().snapshot().identifier());
        s.setLastSuccessfulBackup(record);
        s.setRetention(outcome.retention() == null ? null : outcome.retention().summary());
        RetentionReport retention = outcome.retention();
        s.setRecentBackups(recent(
                record,
                r -> retention != null
                        && (retention.deleted().contains(r.getId())
                                || r.getSnapshot() != null
                                        && retention.deletedSnapshots().contains(r.getSnapshot()))));
        return withConditions(s, job.generation());
    }

    @Override
    public AccountBackupStatus failed(AttemptHandle<BackupOutcome, BackupAttempt> job, int backoffLimit) {
        return failed(
                copyOfCurrent(),
                job.details().backupId(),
                failureMessage(job, backoffLimit),
                job.attempt(),
                job.finishedAt().orElse(now),
                job.generation());
    }

    /** The run could not start (its Secrets are missing or wrong): recorded as a failed run, and the schedule goes on. */
    @Override
    public AccountBackupStatus rejected(BackupException error, int attempts) {
        // the scheduled time is dealt with even though its run could not start
        AccountBackupStatus base = decision == null ? copyOfCurrent() : notDue();
        if (decision != null) {
            base.setLastScheduleTime(Timestamps.format(decision.runTime()));
        }
        // a scheduled run counts the attempt that could not start
        return failed(base, runId, error.getMessage(), attempts + 1, now, generation);
    }

    /** Pending: the run cannot start yet, with the schedule's bookkeeping kept. */
    @Override
    public AccountBackupStatus waiting(String reason, String message) {
        AccountBackupStatus s = copyOfCurrent();
        s.setPhase(Phase.Pending);
        s.setMessage(message);
        s.setObservedGeneration(generation);
        return ready(s, false, reason, generation);
    }

    /** An operator restart cut the run's attempt short and no attempts are left: the run failed, the schedule goes on. */
    @Override
    public AccountBackupStatus interrupted(RunDecision.GiveUp<BackupOutcome, BackupAttempt> giveUp, int backoffLimit) {
        return failed(
                copyOfCurrent(),
                current.getBackupId(),
                interruptedMessage(giveUp.attempts(), backoffLimit, "; the schedule goes on"),
                giveUp.attempts(),
                now,
                generation);
    }

    /** Never asked: a scheduled AccountBackup follows every spec change. */
    @Override
    protected String specChangeIgnoredMessage() {
        throw new IllegalStateException(
                "a scheduled AccountBackup follows every spec change, so its spec changes are never ignored");
    }

    /** The schedule or retention settings are wrong: nothing runs until the spec is fixed. */
    static AccountBackupStatus invalid(
            AccountBackupStatus current, BackupException error, long generation, Instant now) {
        AccountBackupStatus s =
                current == null ? new AccountBackupStatus() : StatusUpdates.copy(current, AccountBackupStatus.class);
        s.setPhase(Phase.Failed);
        s.setMessage(error.getMessage());
        s.setNextScheduleTime(null);
        s.setObservedGeneration(generation);
        s.setConditions(Conditions.withReady(
                current == null ? List.of() : current.getConditions(),
                false,
                FailureReasons.of(error),
                error.getMessage(),
                generation,
                now));
        return s;
    }

    /** A scheduled run that failed for good: recorded, and the schedule goes on. */
    private AccountBackupStatus failed(
            AccountBackupStatus s,
            String backupId,
            String message,
            int attempts,
            Instant finished,
            long observedGeneration) {
        s.setPhase(Phase.Failed);
        s.setBackupId(backupId);
        s.setAttempts(attempts);
        s.setMessage("the backup " + backupId + " failed: " + message);
        s.setCompletedAt(Timestamps.format(finished));
        s.setObservedGeneration(observedGeneration);
        s.setRunInProgress(false);
        s.setLastRunFinishedAt(Timestamps.format(finished));
        BackupRecord record = BackupRecord.failed(backupId, Timestamps.format(finished), message);
        s.setLastFailedBackup(record);
        s.setRecentBackups(recent(record, r -> false));
        return withConditions(s, observedGeneration);
    }

    private static AccountBackupStatus withDecision(AccountBackupStatus s, ScheduleDecision decision) {
        boolean stillSuspended = decision.action() == ScheduleDecision.Action.SUSPENDED
                && Scheduler.SUSPENDED.equals(s.getObservedSchedule())
                && s.getHandledThrough() != null;
        // while suspended the scheduler moves handledThrough to "now" on every pass; resuming starts from the
        // moment it is seen anyway, so the first suspended value is kept and the resource stays quiet
        if (!stillSuspended) {
            s.setHandledThrough(Timestamps.format(decision.handledThrough()));
        }
        s.setObservedSchedule(decision.observedSchedule());
        s.setNextScheduleTime(Timestamps.format(decision.nextScheduleTime()));
        if (!decision.skipped().isEmpty()) {
            List<SkippedRun> skipped = new ArrayList<>(s.getSkippedRuns() == null ? List.of() : s.getSkippedRuns());
            for (SkippedTime t : decision.skipped()) {
                skipped.add(
                        new SkippedRun(Timestamps.format(t.time()), t.reason().description()));
            }
            s.setSkippedRuns(new ArrayList<>(skipped.subList(
                    Math.max(0, skipped.size() - ScheduleDecision.MAX_RECORDED_SKIPS), skipped.size())));
        }
        return s;
    }

    /** Newest first: the new record, then the earlier ones still in storage, successes and failures each bounded. */
    /** @param deleted whether retention just deleted a run's backup (or its snapshot) */
    private List<BackupRecord> recent(BackupRecord newest, Predicate<BackupRecord> deleted) {
        List<BackupRecord> all = new ArrayList<>();
        all.add(newest);
        if (current != null && current.getRecentBackups() != null) {
            current.getRecentBackups().stream()
                    .filter(r -> !Objects.equals(r.getId(), newest.getId()) && !deleted.test(r))
                    .forEach(all::add);
        }
        List<BackupRecord> successes = all.stream()
                .filter(r -> r.getPhase() == Phase.Succeeded)
                .limit(RECENT_SUCCESSES)
                .toList();
        List<BackupRecord> failures = settings.retention()
                .failedToRemember(
                        all.stream().filter(r -> r.getPhase() == Phase.Failed).toList());
        return new ArrayList<>(all.stream()
                .filter(r -> successes.contains(r) || failures.contains(r))
                .toList());
    }

    /** Succeeded or Failed after the most recent run, Pending before the first. */
    private static Phase lastOutcome(AccountBackupStatus s) {
        BackupRecord ok = s.getLastSuccessfulBackup();
        BackupRecord failed = s.getLastFailedBackup();
        if (ok == null && failed == null) {
            return Phase.Pending;
        }
        if (ok == null) {
            return Phase.Failed;
        }
        if (failed == null) {
            return Phase.Succeeded;
        }
        return Instant.parse(failed.getTime()).isAfter(Instant.parse(ok.getTime())) ? Phase.Failed : Phase.Succeeded;
    }

    /**
     * Ready: the schedule is valid and followed. BackupsCurrent: False when the last run failed, or
     * when no successful backup is younger than two schedule intervals.
     */
    private AccountBackupStatus withConditions(AccountBackupStatus s, long observedGeneration) {
        String followed = "schedule " + settings.schedule() + (settings.suspend() ? " (suspended)" : "");
        var conditions = Conditions.withReady(
                conditions(), true, settings.suspend() ? "Suspended" : "Scheduled", followed, observedGeneration, now);
        Duration window = settings.schedule().typicalInterval(now).multipliedBy(2);
        BackupRecord ok = s.getLastSuccessfulBackup();
        String status;
        String reason;
        String message;
        if (lastOutcome(s) == Phase.Failed && s.getLastFailedBackup() != null) {
            status = "False";
            reason = "LastRunFailed";
            message = "the backup " + s.getLastFailedBackup().getId() + " failed: "
                    + s.getLastFailedBackup().getReason();
        } else if (ok != null && !Instant.parse(ok.getTime()).plus(window).isBefore(now)) {
            status = "True";
            reason = "Current";
            message = "the newest successful backup " + ok.getId() + " completed at " + ok.getTime();
        } else if (ok != null) {
            status = "False";
            reason = "Stale";
            message = "no successful backup since " + ok.getTime() + ": more than two schedule intervals ("
                    + DurationText.format(window) + ")";
        } else if (createdAt.plus(window).isBefore(now)) {
            status = "False";
            reason = "NoSuccessfulBackup";
            message = "no successful backup in two schedule intervals (" + DurationText.format(window)
                    + ") since this AccountBackup was created";
        } else {
            status = "Unknown";
            reason = "FirstBackupPending";
            message = "no scheduled backup has completed yet";
        }
        s.setConditions(Conditions.with(conditions, BACKUPS_CURRENT, status, reason, message, observedGeneration, now));
        return s;
    }
}
