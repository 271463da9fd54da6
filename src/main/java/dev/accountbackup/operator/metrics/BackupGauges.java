package dev.accountbackup.operator.metrics;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.BackedUpTable;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.schedule.BackupSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The gauges of each AccountBackup, read from its spec and status at scrape time. */
final class BackupGauges {

    static final String LAST_SUCCESS = "accountbackup.last.success.timestamp";
    static final String LAST_SUCCESS_ROWS = "accountbackup.last.success.rows";
    static final String LAST_SUCCESS_BYTES = "accountbackup.last.success.stored";
    static final String LAST_RUN_DURATION = "accountbackup.last.run.duration";
    static final String NEXT_RUN = "accountbackup.next.run.timestamp";
    static final String INTERVAL = "accountbackup.schedule.interval";
    static final String SUSPENDED = "accountbackup.suspended";
    static final String CREATED = "accountbackup.created.timestamp";
    static final String PHASE = "accountbackup.phase";
    /** Parsed schedules are kept for the next scrapes, up to this many different ones. */
    private static final int SCHEDULES_KEPT = 1000;

    private final GaugeSet gauges;
    private final Map<String, Optional<BackupSchedule>> schedules = new ConcurrentHashMap<>();

    BackupGauges(MeterRegistry registry) {
        gauges = new GaugeSet(registry);
        gauges.define(
                LAST_SUCCESS,
                "seconds",
                "When the newest successful backup ended (Unix time): the metric to alert on when backups stop succeeding");
        gauges.define(LAST_SUCCESS_ROWS, "rows", "Rows exported by the newest successful backup");
        gauges.define(LAST_SUCCESS_BYTES, "bytes", "Bytes stored by the newest successful backup (compressed)");
        gauges.define(LAST_RUN_DURATION, "seconds", "How long the last attempt of the newest finished run took");
        gauges.define(NEXT_RUN, "seconds", "When the next scheduled backup is due (Unix time); absent while suspended");
        gauges.define(
                INTERVAL,
                "seconds",
                "The longest gap between two scheduled runs among the next few: 'stale' is measured in these");
        gauges.define(SUSPENDED, null, "1 while the schedule is suspended (spec.suspend), else 0");
        gauges.define(CREATED, "seconds", "When the AccountBackup was created (Unix time)");
        gauges.define(
                PHASE,
                null,
                "1 for the backup's current phase (Pending, Running, Succeeded, Failed), 0 for the others");
    }

    void refresh(List<AccountBackup> backups, Instant now) {
        for (AccountBackup backup : backups) {
            Tags tags = ResourceLabels.of(backup);
            AccountBackupSpec spec = backup.getSpec();
            AccountBackupStatus status = backup.getStatus();
            ResourceLabels.time(backup.getMetadata().getCreationTimestamp())
                    .ifPresent(t -> gauges.add(CREATED, tags, ResourceLabels.seconds(t)));
            if (spec != null && spec.isScheduled()) {
                gauges.add(SUSPENDED, tags, Boolean.TRUE.equals(spec.getSuspend()) ? 1 : 0);
                schedule(spec)
                        .map(s -> s.typicalInterval(now))
                        .filter(d -> !d.isZero())
                        .ifPresent(d -> gauges.add(INTERVAL, tags, d.toMillis() / 1000.0));
            }
            if (status != null) {
                fromStatus(tags, status);
            }
        }
        gauges.publish();
    }

    private void fromStatus(Tags tags, AccountBackupStatus status) {
        if (status.getPhase() != null) {
            for (Phase phase : Phase.values()) {
                gauges.add(PHASE, tags.and("phase", phase.name()), phase == status.getPhase() ? 1 : 0);
            }
        }
        Optional<Instant> lastSuccess = lastSuccess(status);
        lastSuccess.ifPresent(t -> gauges.add(LAST_SUCCESS, tags, ResourceLabels.seconds(t)));
        if (lastSuccess.isPresent()
                && status.getTables() != null
                && !status.getTables().isEmpty()) {
            gauges.add(LAST_SUCCESS_ROWS, tags, sum(status.getTables(), BackedUpTable::getRows));
            gauges.add(LAST_SUCCESS_BYTES, tags, sum(status.getTables(), BackedUpTable::getBytes));
        }
        if (status.getPhase() == Phase.Succeeded || status.getPhase() == Phase.Failed) {
            ResourceLabels.duration(status.getStartedAt(), status.getCompletedAt())
                    .ifPresent(d -> gauges.add(LAST_RUN_DURATION, tags, d));
        }
        ResourceLabels.time(status.getNextScheduleTime())
                .ifPresent(t -> gauges.add(NEXT_RUN, tags, ResourceLabels.seconds(t)));
    }

    /** A scheduled backup remembers its newest success; a one-shot backup's success is its completion. */
    private static Optional<Instant> lastSuccess(AccountBackupStatus status) {
        if (status.getLastSuccessfulBackup() != null) {
            return ResourceLabels.time(status.getLastSuccessfulBackup().getTime());
        }
        return status.getPhase() == Phase.Succeeded ? ResourceLabels.time(status.getCompletedAt()) : Optional.empty();
    }

    private Optional<BackupSchedule> schedule(AccountBackupSpec spec) {
        String key = spec.getSchedule() + "\n" + Objects.toString(spec.getTimeZone(), "");
        if (schedules.size() > SCHEDULES_KEPT) {
            schedules.clear();
        }
        return schedules.computeIfAbsent(key, k -> {
            try {
                return Optional.of(BackupSchedule.parse(spec.getSchedule(), spec.getTimeZone()));
            } catch (RuntimeException e) {
                return Optional.empty(); // the status says what is wrong with it
            }
        });
    }

    private static double sum(List<BackedUpTable> tables, Function<BackedUpTable, Long> value) {
        return tables.stream()
                .map(value)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum();
    }
}
