package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** One scheduled run as status remembers it: a backup taken, or a failed attempt at one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupRecord {

    @JsonPropertyDescription(
            "Backup id: the scheduled time in UTC, e.g. 20261126T020000Z; the folder holding it in storage.")
    private String id;

    @JsonPropertyDescription("When the run ended, RFC 3339 UTC.")
    private String time;

    @JsonPropertyDescription("Succeeded or Failed.")
    private Phase phase;

    @JsonPropertyDescription("Rows written per table (schema.name), for a successful backup with tables.")
    private Map<String, Long> rows;

    @JsonPropertyDescription("Where the backup is stored, as a URI without credentials.")
    private String location;

    @JsonPropertyDescription("Identifier of the run's RDS snapshot, for a backup with spec.snapshot.")
    private String snapshot;

    @JsonPropertyDescription("Why the run failed.")
    private String reason;

    public static BackupRecord succeeded(
            String id, String time, Map<String, Long> rows, String location, String snapshot) {
        BackupRecord r = new BackupRecord();
        r.setId(id);
        r.setTime(time);
        r.setPhase(Phase.Succeeded);
        r.setRows(new LinkedHashMap<>(rows));
        r.setLocation(location);
        r.setSnapshot(snapshot);
        return r;
    }

    public static BackupRecord failed(String id, String time, String reason) {
        BackupRecord r = new BackupRecord();
        r.setId(id);
        r.setTime(time);
        r.setPhase(Phase.Failed);
        r.setReason(reason);
        return r;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public Map<String, Long> getRows() {
        return rows;
    }

    public void setRows(Map<String, Long> rows) {
        this.rows = rows;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public String getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(String snapshot) {
        this.snapshot = snapshot;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
