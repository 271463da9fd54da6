package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.schedule.ScheduleDecision;
import dev.accountbackup.engine.schedule.ScheduleState;
import dev.accountbackup.engine.schedule.Scheduler;
import dev.accountbackup.operator.events.EventReason;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.run.Launch;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.run.RunKind;
import dev.accountbackup.operator.run.RunLoop;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a scheduled AccountBackup runs: its cron schedule, time zone, suspend, catch-up and no-overlap
 * rules, decided from status alone (handledThrough, observedSchedule, lastRunFinishedAt), so a
 * restarted operator carries on where the last one stopped. Everything after the decision to run
 * (attempts, retries, restart recovery, status, events) is the {@link RunLoop} every run goes through;
 * a scheduled run's attempt is the backup followed by retention.
 */
final class ScheduledBackups {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);

    /** Starts an attempt of a backup run the way one-shot backups do (the reconciler validates the spec and reads its Secrets). */
    interface Starter {
        /**
         * @param newRunId the id of a new run; an attempt that carries on an earlier one keeps that one's id
         * @throws BackupException when the spec or its Secrets are wrong
         */
        AttemptHandle<BackupOutcome, BackupAttempt> start(
                AccountBackup backup,
                RunDecision.Start<BackupOutcome, BackupAttempt> start,
                String newRunId,
                Instant now,
                ScheduleSettings settings);
    }

    private final EventRecorder events;
    private final Duration maxWait;
    private final Starter starter;

    /**
     * @param maxWait the longest a waiting resource goes without a new decision, so that a clock
     *                jump or a missed wake-up is noticed (the operator's resync interval)
     */
    ScheduledBackups(EventRecorder events, Duration maxWait, Starter starter) {
        this.events = events;
        this.maxWait = maxWait;
        this.starter = starter;
    }

    /**
     * The run kind of this reconcile of a scheduled AccountBackup.
     *
     * @throws BackupException when the schedule or retention settings are wrong
     */
    RunKind<AccountBackup, AccountBackupStatus, BackupOutcome, BackupAttempt> kindOf(
            AccountBackup backup, Instant now) {
        return new ScheduledRun(ScheduleSettings.of(backup.getSpec()), createdAt(backup, now));
    }

    /** One reconcile's view of a scheduled AccountBackup: the decision its schedule took, and the run it started. */
    private final class ScheduledRun
            implements RunKind<AccountBackup, AccountBackupStatus, BackupOutcome, BackupAttempt> {

        private final ScheduleSettings settings;
        private final Instant createdAt;
        /** The schedule's decision in this reconcile, taken when no run was in progress; else null. */
        private ScheduleDecision decision;
        /** The run id of the run this reconcile starts, or null. */
        private String runId;

        ScheduledRun(ScheduleSettings settings, Instant createdAt) {
            this.settings = settings;
            this.createdAt = createdAt;
        }

        @Override
        public ScheduledStatusBuilder status(AccountBackup backup, Instant now) {
            return new ScheduledStatusBuilder(
                    backup.getStatus(),
                    backup.getMetadata().getGeneration(),
                    now,
                    settings,
                    createdAt,
                    decision,
                    runId);
        }

        @Override
        public RunDecision<BackupOutcome, BackupAttempt> nextRun(AccountBackup backup, Instant now) {
            ScheduleDecision decision = Scheduler.decide(
                    settings.schedule(), settings.suspend(), null, state(backup.getStatus(), createdAt), now);
            if (decision.skippedCount() > 0) {
                LOG.info(
                        "AccountBackup {}/{}: {}",
                        backup.getMetadata().getNamespace(),
                        backup.getMetadata().getName(),
                        decision.describe());
                events.record(backup, EventReason.ScheduledRunSkipped, decision.describe());
            }
            this.decision = decision;
            if (decision.action() == ScheduleDecision.Action.RUN) {
                return new RunDecision.Start<>(1, false, null);
            }
            return new RunDecision.NotDue<>(
                    wakeAfter(decision.requeueAfter(now).orElse(maxWait)),
                    decision.next().orElse(null));
        }

        @Override
        public Launch<BackupOutcome, BackupAttempt> start(
                AccountBackup backup, RunDecision.Start<BackupOutcome, BackupAttempt> start, Instant now) {
            // a retry or a restart carries on with the run the status shows
            runId = decision != null ? decision.backupId() : backup.getStatus().getBackupId();
            return new Launch.Started<>(starter.start(backup, start, runId, now, settings));
        }

        @Override
        public void completed(AccountBackup backup, AttemptHandle<BackupOutcome, BackupAttempt> job) {
            RetentionReport retention = job.result().retention();
            if (retention != null && retention.failed()) {
                events.record(backup, EventReason.RetentionFailed, retention.summary());
            } else if (retention != null && !retention.deleted().isEmpty()) {
                events.record(backup, EventReason.RetentionApplied, retention.summary());
            }
        }

        /** A scheduled run whose Secret is missing fails like any run that cannot start; the schedule goes on. */
        @Override
        public boolean waitsForMissingSecrets() {
            return false;
        }
    }

    private static ScheduleState state(AccountBackupStatus status, Instant createdAt) {
        if (status == null) {
            return ScheduleState.newResource(createdAt);
        }
        return new ScheduleState(
                createdAt,
                instant(status.getHandledThrough()),
                status.getObservedSchedule(),
                false,
                instant(status.getLastRunFinishedAt()));
    }

    private Duration wakeAfter(Duration untilNext) {
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
