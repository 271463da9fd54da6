package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.TreeMap;

/** One stored backup that held, or may hold, erased accounts, and what became of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ErasedBackupStatus {

    /** Rewritten without the accounts' rows. */
    public static final String PURGED = "Purged";
    /** Under S3 Object Lock: holds the accounts until the lock ends; the ledger keeps restores from it clean. */
    public static final String LOCKED = "Locked";
    /** Could not be purged; the backup is intact. */
    public static final String FAILED = "Failed";
    /** Taken before the erasure and not purged (purgeBackups is off): may hold the accounts until retention deletes it. */
    public static final String NOT_PURGED = "NotPurged";

    @JsonPropertyDescription(
            "The backup set: <namespace>/<AccountBackup name>, or <namespace>/_restores/<AccountRestore name> for safety copies.")
    private String folder;

    @JsonPropertyDescription("The backup's id.")
    private String backupId;

    @JsonPropertyDescription("Purged, Locked, Failed or NotPurged.")
    private String state;

    @JsonPropertyDescription("When the backup was rewritten without the accounts (as its signed manifest records it).")
    private String purgedAt;

    @JsonPropertyDescription("Rows removed per table.")
    private Map<String, Long> rowsRemoved;

    @JsonPropertyDescription("For Locked: when its S3 Object Lock ends; it holds the accounts until then.")
    private String lockedUntil;

    @JsonPropertyDescription("For Failed: why; for NotPurged: until when it may hold the accounts.")
    private String reason;

    public String getFolder() {
        return folder;
    }

    public void setFolder(String folder) {
        this.folder = folder;
    }

    public String getBackupId() {
        return backupId;
    }

    public void setBackupId(String backupId) {
        this.backupId = backupId;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getPurgedAt() {
        return purgedAt;
    }

    public void setPurgedAt(String purgedAt) {
        this.purgedAt = purgedAt;
    }

    public Map<String, Long> getRowsRemoved() {
        return rowsRemoved;
    }

    public void setRowsRemoved(Map<String, Long> rowsRemoved) {
        this.rowsRemoved = rowsRemoved == null ? null : new TreeMap<>(rowsRemoved);
    }

    public String getLockedUntil() {
        return lockedUntil;
    }

    public void setLockedUntil(String lockedUntil) {
        this.lockedUntil = lockedUntil;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
