package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.schedule.ScheduleDecision;
import dev.accountbackup.engine.schedule.ScheduleState;
import dev.accountbackup.engine.schedule.Scheduler;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.Job;
import dev.accountbackup.operator.jobs.JobRunner;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.run.RunLifecycle;
import dev.accountbackup.operator.status.RunStatuses;
import dev.accountbackup.operator.status.StatusWriter;
import dev.accountbackup.operator.status.Timestamps;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop of an AccountBackup with a schedule. Everything the next decision needs lives
 * in status (handledThrough, observedSchedule, runInProgress, lastRunFinishedAt), so a restarted
 * operator carries on where the last one stopped. Each run is a job on the job executor (backup,
 * then retention); transient failures are retried by the one-shot back-off rules of
 * {@link RunLifecycle}; nothing here waits.
 */
final class ScheduledBackups {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);
    /** After recording the end of a run, come back soon to take the next scheduling decision. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    /** Starts the export of one scheduled run (the reconciler validates the spec and reads its Secrets). */
    interface Preparer {
        /** @throws BackupException when the spec or its Secrets are wrong */
        PreparedBackup prepare(AccountBackup backup, String backupId, String interruptedBackupId);
    }

    private final JobRunner<BackupOutcome, BackupAttempt> jobs;
    private final RunLifecycle lifecycle;
    private final StatusWriter<AccountBackupStatus, AccountBackup> statuses;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration maxWait;
    private final Preparer preparer;

    /**
     * @param maxWait the longest a waiting resource goes without a new decision, so that a clock
     *                jump or a missed wake-up is noticed (the operator's resync interval)
     */
    ScheduledBackups(JobRunner<BackupOutcome, BackupAttempt> jobs, RunLifecycle lifecycle, StatusWriter<AccountBackupStatus, AccountBackup> statuses,
                     EventRecorder events, Clock clock, Duration pollInterval, Duration maxWait, Preparer preparer) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.statuses = statuses;
        this.events = events;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.maxWait = maxWait;
        this.preparer = preparer;
    }

    UpdateControl<AccountBackup> reconcile(AccountBackup backup, Context<AccountBackup> context, int backoffLimit) {
        jobs.forgetFinishedOf(id -> context.getPrimaryCache().get(id).isEmpty());
        Optional<UpdateControl<AccountBackup>> stale = statuses.waitForOwnWrite(backup);
        if (stale.isPresent()) {
            return stale.get();
        }
        Instant now = clock.instant();
        AccountBackupStatus current = backup.getStatus();
        long generation = backup.getMetadata().getGeneration();
        Instant createdAt = createdAt(backup, now);
        ScheduleSettings settings;
        try {
            settings = ScheduleSettings.of(backup.getSpec());
        } catch (BackupException e) {
            // a spec edit brings the next reconcile: nothing to retry until then
            return record(backup, ScheduledStatuses.invalid(current, e, generation, now), EventReason.BackupFailed);
        }
        String uid = backup.getMetadata().getUid();
        Optional<Job<BackupOutcome, BackupAttempt>> job = jobs.find(uid);
        if (job.isPresent() && ScheduledStatuses.isRecorded(current, job.get())) {
            jobs.forget(uid);
            job = Optional.empty();
        }
        if (job.isPresent()) {
            return followJob(backup, job.get(), settings, backoffLimit, createdAt, now);
        }
        if (current != null && Boolean.TRUE.equals(current.getRunInProgress()) && current.getBackupId() != null) {
            return resumeInterrupted(backup, current, settings, backoffLimit, createdAt, now);
        }
        ScheduleDecision decision = Scheduler.decide(settings.schedule(), settings.suspend(), null, state(current, createdAt), now);
        if (decision.skippedCount() > 0) {
            LOG.info("AccountBackup {}/{}: {}", backup.getMetadata().getNamespace(), backup.getMetadata().getName(), decision.describe());
            events.record(backup, EventReason.ScheduledRunSkipped, decision.describe());
        }
        if (decision.action() == ScheduleDecision.Action.RUN) {
            return start(backup, current, decision, decision.backupId(), 1, null, null, settings, backoffLimit, createdAt, now);
        }
        UpdateControl<AccountBackup> control = statuses.patchIfChanged(backup,
                ScheduledStatuses.waiting(current, decision, settings, createdAt, generation, now));
        return control.rescheduleAfter(wait(decision.requeueAfter(now).orElse(maxWait)));
    }

    private UpdateControl<AccountBackup> followJob(AccountBackup backup, Job<BackupOutcome, BackupAttempt> job, ScheduleSettings settings,
                                                   int backoffLimit, Instant createdAt, Instant now) {
        AccountBackupStatus current = backup.getStatus();
        long generation = backup.getMetadata().getGeneration();
        RunDecision<BackupOutcome, BackupAttempt> decision = lifecycle.decide(current, generation, Optional.of(job), backoffLimit, true, now);
        if (decision instanceof RunDecision.Wait<BackupOutcome, BackupAttempt>) {
            return statuses.patchIfChanged(backup, ScheduledStatuses.running(current, null, job, backoffLimit, settings, createdAt, now))
                    .rescheduleAfter(pollInterval);
        }
        if (decision instanceof RunDecision.Complete<BackupOutcome, BackupAttempt>) {
            RetentionReport retention = job.result().retention();
            if (retention != null && retention.failed()) {
                events.record(backup, EventReason.RetentionFailed, retention.summary());
            } else if (retention != null && !retention.deleted().isEmpty()) {
                events.record(backup, EventReason.RetentionApplied, retention.summary());
            }
            return record(backup, ScheduledStatuses.succeeded(current, job, settings, createdAt, now), EventReason.BackupSucceeded)
                    .rescheduleAfter(RECHECK);
        }
        if (decision instanceof RunDecision.Fail<BackupOutcome, BackupAttempt>) {
            return record(backup, ScheduledStatuses.failed(current, job.details().backupId(), RunStatuses.failureMessage(job, backoffLimit),
                    job.attempt(), job.finishedAt().orElse(now), settings, createdAt, generation, now), EventReason.BackupFailed)
                    .rescheduleAfter(RECHECK);
        }
        if (decision instanceof RunDecision.RetryLater<BackupOutcome, BackupAttempt> retry) {
            return record(backup, ScheduledStatuses.retrying(current, job, backoffLimit, retry.at(), settings, createdAt, now),
                    EventReason.BackupRetrying).rescheduleAfter(Duration.between(now, retry.at()).plusMillis(10));
        }
        RunDecision.Start<BackupOutcome, BackupAttempt> retry = (RunDecision.Start<BackupOutcome, BackupAttempt>) decision;
        // the same run id: a snapshot already asked for is followed again, an export already complete is kept
        return start(backup, current, null, job.details().backupId(), retry.attempt(), job.details().backupId(), retry.previousError(),
                settings, backoffLimit, createdAt, now);
    }

    /** The operator stopped during a run: run it again under the same id, or record it failed when no attempts are left. */
    private UpdateControl<AccountBackup> resumeInterrupted(AccountBackup backup, AccountBackupStatus current, ScheduleSettings settings,
                                                           int backoffLimit, Instant createdAt, Instant now) {
        int attempts = current.getAttempts() == null ? 0 : current.getAttempts();
        String backupId = current.getBackupId();
        if (attempts > backoffLimit) {
            String message = "attempt " + attempts + " was interrupted by an operator restart and no attempts are left (backoffLimit "
                    + backoffLimit + ")";
            return record(backup, ScheduledStatuses.failed(current, backupId, message, attempts, now, settings, createdAt,
                    backup.getMetadata().getGeneration(), now), EventReason.BackupFailed).rescheduleAfter(RECHECK);
        }
        LOG.info("AccountBackup {}/{}: scheduled backup {} was interrupted by an operator restart; starting attempt {}",
                backup.getMetadata().getNamespace(), backup.getMetadata().getName(), backupId, attempts + 1);
        return start(backup, current, null, backupId, attempts + 1, backupId, null, settings, backoffLimit, createdAt, now);
    }

    private UpdateControl<AccountBackup> start(AccountBackup backup, AccountBackupStatus current, ScheduleDecision decision, String backupId,
                                               int attempt, String interruptedBackupId, String previousError, ScheduleSettings settings,
                                               int backoffLimit, Instant createdAt, Instant now) {
        long generation = backup.getMetadata().getGeneration();
        PreparedBackup prepared;
        try {
            prepared = preparer.prepare(backup, backupId, interruptedBackupId);
        } catch (BackupException e) {
            AccountBackupStatus base = current;
            if (decision != null) {
                // the scheduled time is dealt with even though its run could not start
                base = ScheduledStatuses.waiting(current, decision, settings, createdAt, generation, now);
                base.setLastScheduleTime(Timestamps.format(decision.runTime()));
            }
            return record(backup, ScheduledStatuses.failed(base, backupId, e.getMessage(), attempt, now, settings, createdAt, generation, now),
                    EventReason.BackupFailed).rescheduleAfter(RECHECK);
        }
        RetentionJob work = new RetentionJob(prepared.run(), prepared.store(), prepared.locationPath(),
                new BackupOwnership(backup.getMetadata().getNamespace(), backup.getMetadata().getName()), settings.retention(),
                prepared.snapshotRetention(), clock);
        Job<BackupOutcome, BackupAttempt> job = jobs.start(backup.getMetadata().getUid(), ResourceID.fromResource(backup), attempt, now,
                generation, prepared.attempt(previousError), work::start);
        return record(backup, ScheduledStatuses.running(current, decision, job, backoffLimit, settings, createdAt, now), EventReason.BackupStarted)
                .rescheduleAfter(pollInterval);
    }

    private UpdateControl<AccountBackup> record(AccountBackup backup, AccountBackupStatus status, EventReason reason) {
        UpdateControl<AccountBackup> control = statuses.patchIfChanged(backup, status);
        if (!control.isNoUpdate()) {
            events.record(backup, reason, status.getMessage());
            LOG.info("AccountBackup {}/{}: {}: {}", backup.getMetadata().getNamespace(), backup.getMetadata().getName(), reason, status.getMessage());
        }
        return control;
    }

    private static ScheduleState state(AccountBackupStatus status, Instant createdAt) {
        if (status == null) {
            return ScheduleState.newResource(createdAt);
        }
        return new ScheduleState(createdAt, instant(status.getHandledThrough()), status.getObservedSchedule(), false,
                instant(status.getLastRunFinishedAt()));
    }

    private Duration wait(Duration untilNext) {
        // a little past the scheduled time, so the decision sees it as due
        Duration wait = untilNext.plusMillis(10);
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    private static Instant createdAt(AccountBackup backup, Instant now) {
        String created = backup.getMetadata().getCreationTimestamp();
        return created == null ? now : Instant.parse(created);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
