package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The outcome of a backup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountBackupStatus extends RunStatus {

    @JsonPropertyDescription(
            "Id of the backup (its UTC start time, e.g. 20261126T124904Z): the folder holding it in storage.")
    private String backupId;

    @JsonPropertyDescription(
            "Where the backup is stored, as a URI without credentials (s3://bucket/prefix/... or file:///...).")
    private String location;

    @JsonPropertyDescription("The tables in the backup, with row counts, file sizes and checksums.")
    private List<BackedUpTable> tables = new ArrayList<>();

    @JsonPropertyDescription(
            "The RDS snapshot of the backup (spec.snapshot) and its copies, as RDS last reported them.")
    private SnapshotStatus snapshot;

    @JsonPropertyDescription("Scheduled: the scheduled time of the most recent run started, RFC 3339 UTC.")
    private String lastScheduleTime;

    @JsonPropertyDescription("Scheduled: when the next backup is due, RFC 3339 UTC; unset while suspended.")
    private String nextScheduleTime;

    @JsonPropertyDescription("Scheduled: the newest successful backup.")
    private BackupRecord lastSuccessfulBackup;

    @JsonPropertyDescription("Scheduled: the newest failed run.")
    private BackupRecord lastFailedBackup;

    @JsonPropertyDescription(
            "Scheduled: recent runs, newest first; backups deleted by retention leave the list, and failed runs"
                    + " are limited to retention.keepFailed.")
    private List<BackupRecord> recentBackups;

    @JsonPropertyDescription("Scheduled: the most recent scheduled times that got no backup, oldest first, and why.")
    private List<SkippedRun> skippedRuns;

    @JsonPropertyDescription("Scheduled: what the last retention pass did, or why it failed.")
    private String retention;

    @JsonPropertyDescription(
            "Scheduler bookkeeping: every scheduled time at or before this one has been run or skipped.")
    private String handledThrough;

    @JsonPropertyDescription(
            "Scheduler bookkeeping: the schedule and zone the last decision followed (\"suspended\" while suspended).")
    private String observedSchedule;

    @JsonPropertyDescription(
            "Scheduler bookkeeping: a scheduled run has started and has not ended yet (retries included).")
    private Boolean runInProgress;

    @JsonPropertyDescription("Scheduler bookkeeping: when the most recent scheduled run ended, RFC 3339 UTC.")
    private String lastRunFinishedAt;

    public String getBackupId() {
        return backupId;
    }

    public void setBackupId(String backupId) {
        this.backupId = backupId;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public List<BackedUpTable> getTables() {
        return tables;
    }

    public void setTables(List<BackedUpTable> tables) {
        this.tables = tables;
    }

    public SnapshotStatus getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(SnapshotStatus snapshot) {
        this.snapshot = snapshot;
    }

    public String getLastScheduleTime() {
        return lastScheduleTime;
    }

    public void setLastScheduleTime(String lastScheduleTime) {
        this.lastScheduleTime = lastScheduleTime;
    }

    public String getNextScheduleTime() {
        return nextScheduleTime;
    }

    public void setNextScheduleTime(String nextScheduleTime) {
        this.nextScheduleTime = nextScheduleTime;
    }

    public BackupRecord getLastSuccessfulBackup() {
        return lastSuccessfulBackup;
    }

    public void setLastSuccessfulBackup(BackupRecord lastSuccessfulBackup) {
        this.lastSuccessfulBackup = lastSuccessfulBackup;
    }

    public BackupRecord getLastFailedBackup() {
        return lastFailedBackup;
    }

    public void setLastFailedBackup(BackupRecord lastFailedBackup) {
        this.lastFailedBackup = lastFailedBackup;
    }

    public List<BackupRecord> getRecentBackups() {
        return recentBackups;
    }

    public void setRecentBackups(List<BackupRecord> recentBackups) {
        this.recentBackups = recentBackups;
    }

    public List<SkippedRun> getSkippedRuns() {
        return skippedRuns;
    }

    public void setSkippedRuns(List<SkippedRun> skippedRuns) {
        this.skippedRuns = skippedRuns;
    }

    public String getRetention() {
        return retention;
    }

    public void setRetention(String retention) {
        this.retention = retention;
    }

    public String getHandledThrough() {
        return handledThrough;
    }

    public void setHandledThrough(String handledThrough) {
        this.handledThrough = handledThrough;
    }

    public String getObservedSchedule() {
        return observedSchedule;
    }

    public void setObservedSchedule(String observedSchedule) {
        this.observedSchedule = observedSchedule;
    }

    public Boolean getRunInProgress() {
        return runInProgress;
    }

    public void setRunInProgress(Boolean runInProgress) {
        this.runInProgress = runInProgress;
    }

    public String getLastRunFinishedAt() {
        return lastRunFinishedAt;
    }

    public void setLastRunFinishedAt(String lastRunFinishedAt) {
        this.lastRunFinishedAt = lastRunFinishedAt;
    }
}
