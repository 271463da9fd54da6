package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.RetentionSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.retention.RetentionPolicy;
import dev.accountbackup.engine.schedule.BackupSchedule;
import java.util.ArrayList;
import java.util.List;

/** The schedule parts of an AccountBackup spec, read and checked together so every mistake is reported at once. */
record ScheduleSettings(BackupSchedule schedule, boolean suspend, RetentionPolicy retention) {

    /** @throws BackupException INVALID naming every wrong field */
    static ScheduleSettings of(AccountBackupSpec spec) {
        List<String> problems = new ArrayList<>();
        BackupSchedule schedule = null;
        try {
            schedule = BackupSchedule.parse(spec.getSchedule(), spec.getTimeZone());
        } catch (BackupException e) {
            problems.add(e.getMessage());
            zoneProblem(spec.getTimeZone(), problems);
        }
        RetentionPolicy retention = null;
        try {
            RetentionSpec r = spec.getRetention();
            retention = r == null
                    ? RetentionPolicy.keepAll()
                    : RetentionPolicy.parse(r.getKeepLast(), r.getMaxAge(), r.getKeepFailed());
        } catch (BackupException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw BackupException.invalid("invalid spec: " + String.join("; ", problems));
        }
        return new ScheduleSettings(schedule, Boolean.TRUE.equals(spec.getSuspend()), retention);
    }

    /** The schedule failed on its cron fields first: check the zone on its own, so both mistakes show at once. */
    private static void zoneProblem(String timeZone, List<String> problems) {
        try {
            BackupSchedule.parse("@daily", timeZone);
        } catch (BackupException e) {
            if (!problems.contains(e.getMessage())) {
                problems.add(e.getMessage());
            }
        }
    }
}
