package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What an erasure recorded and what became of the backups and snapshots holding the accounts: counts, never keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountErasureStatus extends RunStatus {

    @JsonPropertyDescription("Id of the ledger entry (a hash of root table, keys and reference: recording the same"
            + " request again finds this entry and writes nothing).")
    private String entryId;

    @JsonPropertyDescription(
            "When the erasure was recorded in the ledger, RFC 3339 UTC (the first time, for a repeated request).")
    private String recordedAt;

    @JsonPropertyDescription("Where the ledger is, as a URI without credentials.")
    private String ledger;

    @JsonPropertyDescription("The ledger's version once this erasure was in it (<entries>-<digest>): restores that"
            + " record this version or a later one withheld these accounts.")
    private String ledgerVersion;

    @JsonPropertyDescription("The root table of the erased accounts.")
    private String root;

    @JsonPropertyDescription("How many accounts the entry records.")
    private Integer accounts;

    @JsonPropertyDescription("The stored backups of the namespace that held, or may hold, the erased accounts: purged"
            + " (when, rows removed per table), locked (until when), failed (why), or, without purgeBackups, taken before"
            + " the erasure and not purged.")
    private List<ErasedBackupStatus> backups = new ArrayList<>();

    @JsonPropertyDescription("Backups of the namespace checked and found to hold none of the erased accounts.")
    private Integer backupsNotAffected;

    @JsonPropertyDescription("RDS snapshots of the AccountBackup named by backupName taken before the erasure: they"
            + " cannot be edited and hold the accounts until retention deletes them.")
    private List<PredatingSnapshotStatus> snapshots = new ArrayList<>();

    @JsonPropertyDescription(
            "Things worth knowing that did not stop the erasure (e.g. snapshots that could not be listed).")
    private List<String> warnings = new ArrayList<>();

    public String getEntryId() {
        return entryId;
    }

    public void setEntryId(String entryId) {
        this.entryId = entryId;
    }

    public String getRecordedAt() {
        return recordedAt;
    }

    public void setRecordedAt(String recordedAt) {
        this.recordedAt = recordedAt;
    }

    public String getLedger() {
        return ledger;
    }

    public void setLedger(String ledger) {
        this.ledger = ledger;
    }

    public String getLedgerVersion() {
        return ledgerVersion;
    }

    public void setLedgerVersion(String ledgerVersion) {
        this.ledgerVersion = ledgerVersion;
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    public Integer getAccounts() {
        return accounts;
    }

    public void setAccounts(Integer accounts) {
        this.accounts = accounts;
    }

    public List<ErasedBackupStatus> getBackups() {
        return backups;
    }

    public void setBackups(List<ErasedBackupStatus> backups) {
        this.backups = backups;
    }

    public Integer getBackupsNotAffected() {
        return backupsNotAffected;
    }

    public void setBackupsNotAffected(Integer backupsNotAffected) {
        this.backupsNotAffected = backupsNotAffected;
    }

    public List<PredatingSnapshotStatus> getSnapshots() {
        return snapshots;
    }

    public void setSnapshots(List<PredatingSnapshotStatus> snapshots) {
        this.snapshots = snapshots;
    }

    public List<String> getWarnings() {
        return warnings;
    }

    public void setWarnings(List<String> warnings) {
        this.warnings = warnings;
    }
}
