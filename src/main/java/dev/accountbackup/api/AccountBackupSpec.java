package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** What to back up and where to put it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountBackupSpec {

    @JsonPropertyDescription("The PostgreSQL database to back up; required with tables.")
    private DatabaseSpec database;

    @JsonPropertyDescription(
            "Tables to export as JSON Lines, as schema.table (e.g. public.users); a name without schema follows the"
                    + " login's search_path. Quote parts with double quotes when they hold upper case or dots. At least one of tables and snapshot.")
    private List<String> tables = new ArrayList<>();

    @JsonPropertyDescription(
            "Where the exported tables are written (required with tables): exactly one of s3 and filesystem."
                    + " Backups land in <root>/<namespace>/<AccountBackup name>/<backup id>/.")
    private StorageSpec storage;

    @JsonPropertyDescription(
            "An RDS snapshot of the whole DB instance or Aurora cluster, taken by every run beside the table export"
                    + " (a run with both succeeds only when both did), and copied to other regions. At least one of tables and snapshot.")
    private SnapshotSpec snapshot;

    @JsonPropertyDescription("Compression of the table files: zstd (default) or gzip.")
    private String compression;

    @Min(1)
    @Max(16)
    @JsonPropertyDescription(
            "How many database connections read the tables at once, all in one snapshot, so the backup is still of"
                    + " one point in time; large tables are read in page ranges. Default: the operator's processors,"
                    + " at least 2 and at most 4. Each run holds this many connections while it exports.")
    private Integer parallelism;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription(
            "How many times a transient failure (database unreachable, storage hiccup) is retried, with exponential"
                    + " back-off, before the backup is marked Failed. Default 3, at most 100.")
    private Integer backoffLimit;

    @JsonPropertyDescription(
            "Where the export or restore runs: in the operator (default) or as a Kubernetes Job with its own resources,"
                    + " node selector, tolerations and service account.")
    private RunAsSpec runAs;

    public RunAsSpec getRunAs() {
        return runAs;
    }

    public void setRunAs(RunAsSpec runAs) {
        this.runAs = runAs;
    }

    @JsonPropertyDescription(
            "Take a backup on this schedule instead of once: standard 5-field cron (minute hour day-of-month month"
                    + " day-of-week, e.g. \"0 2 * * *\" for 02:00 every day) or @hourly, @daily, @weekly, @monthly. Runs never overlap;"
                    + " after downtime at most one missed time is caught up. Unset: the backup runs once.")
    private String schedule;

    @JsonPropertyDescription("IANA time zone the schedule is read in, e.g. Europe/Paris. Default UTC.")
    private String timeZone;

    @JsonPropertyDescription(
            "true stops new scheduled runs (a running one finishes); times passing while suspended are not caught up.")
    private Boolean suspend;

    @JsonPropertyDescription(
            "For a schedule: which backups are kept in storage after each successful run, and how many failed runs"
                    + " status remembers. Unset: every backup is kept.")
    private RetentionSpec retention;

    @JsonPropertyDescription(
            "What happens to the stored backups when this AccountBackup is deleted: Retain (default) keeps them,"
                    + " Delete removes every backup of this AccountBackup from storage.")
    private DeletionPolicy deletionPolicy;

    public DatabaseSpec getDatabase() {
        return database;
    }

    public void setDatabase(DatabaseSpec database) {
        this.database = database;
    }

    public List<String> getTables() {
        return tables;
    }

    public void setTables(List<String> tables) {
        this.tables = tables;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public SnapshotSpec getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(SnapshotSpec snapshot) {
        this.snapshot = snapshot;
    }

    public String getCompression() {
        return compression;
    }

    public void setCompression(String compression) {
        this.compression = compression;
    }

    public Integer getParallelism() {
        return parallelism;
    }

    public void setParallelism(Integer parallelism) {
        this.parallelism = parallelism;
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public RetentionSpec getRetention() {
        return retention;
    }

    public void setRetention(RetentionSpec retention) {
        this.retention = retention;
    }

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }

    /** Whether this resource runs on a schedule rather than once. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isScheduled() {
        return schedule != null && !schedule.isBlank();
    }
}
