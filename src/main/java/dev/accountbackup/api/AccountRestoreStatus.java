package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The outcome of a restore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountRestoreStatus extends RunStatus {

    @JsonPropertyDescription("Id of the backup restored (resolved from 'latest' when that was asked).")
    private String backupId;

    @JsonPropertyDescription("True when this was a dry run: the counts say what would change, nothing was changed.")
    private Boolean dryRun;

    @JsonPropertyDescription("Per-table counts of inserted, updated, deleted and unchanged rows.")
    private List<RestoredTable> tables = new ArrayList<>();

    @JsonPropertyDescription(
            "Id of the safety backup of the rows as they were before the restore changed them, if any were changed.")
    private String safetyBackupId;

    @JsonPropertyDescription("Where the safety backup is stored, as a URI without credentials.")
    private String safetyLocation;

    @JsonPropertyDescription("Things worth knowing that did not stop the restore (skipped columns, ...).")
    private List<String> warnings = new ArrayList<>();

    @JsonPropertyDescription(
            "For a restore of chosen accounts: how many the backup held, and the keys asked for it did not.")
    private RestoredAccountsStatus accounts;

    @JsonPropertyDescription(
            "The DB instance (or cluster) created from the RDS snapshot, with its endpoint once available.")
    private RestoredInstanceStatus snapshot;

    @JsonPropertyDescription(
            "A dry run of chosen accounts: accounts deleted, changed and added since the backup, per table and by key.")
    private RestoreDiffStatus diff;

    @JsonPropertyDescription("What the restore did about the erasure ledger: the version applied and the accounts and"
            + " rows withheld, or that erasures were ignored as the spec asked.")
    private RestoreErasuresStatus erasures;

    @JsonPropertyDescription(
            "The columns a masked copy masked, and how (e.g. public.users.email: email); never values.")
    private List<String> maskedColumns;

    @JsonPropertyDescription("The number of accounts a sample restored.")
    private Integer sampledAccounts;

    @JsonPropertyDescription("The connections the rows were loaded on: 1 in one transaction (all or nothing); more when"
            + " spec.loadParallelism loaded empty tables at once, not in one transaction.")
    private Integer loadConnections;

    public Integer getLoadConnections() {
        return loadConnections;
    }

    public void setLoadConnections(Integer loadConnections) {
        this.loadConnections = loadConnections;
    }

    public List<String> getMaskedColumns() {
        return maskedColumns;
    }

    public void setMaskedColumns(List<String> maskedColumns) {
        this.maskedColumns = maskedColumns;
    }

    public Integer getSampledAccounts() {
        return sampledAccounts;
    }

    public void setSampledAccounts(Integer sampledAccounts) {
        this.sampledAccounts = sampledAccounts;
    }

    public String getBackupId() {
        return backupId;
    }

    public void setBackupId(String backupId) {
        this.backupId = backupId;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    public List<RestoredTable> getTables() {
        return tables;
    }

    public void setTables(List<RestoredTable> tables) {
        this.tables = tables;
    }

    public String getSafetyBackupId() {
        return safetyBackupId;
    }

    public void setSafetyBackupId(String safetyBackupId) {
        this.safetyBackupId = safetyBackupId;
    }

    public String getSafetyLocation() {
        return safetyLocation;
    }

    public void setSafetyLocation(String safetyLocation) {
        this.safetyLocation = safetyLocation;
    }

    public List<String> getWarnings() {
        return warnings;
    }

    public void setWarnings(List<String> warnings) {
        this.warnings = warnings;
    }

    public RestoredAccountsStatus getAccounts() {
        return accounts;
    }

    public void setAccounts(RestoredAccountsStatus accounts) {
        this.accounts = accounts;
    }

    public RestoredInstanceStatus getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(RestoredInstanceStatus snapshot) {
        this.snapshot = snapshot;
    }

    public RestoreDiffStatus getDiff() {
        return diff;
    }

    public void setDiff(RestoreDiffStatus diff) {
        this.diff = diff;
    }

    public RestoreErasuresStatus getErasures() {
        return erasures;
    }

    public void setErasures(RestoreErasuresStatus erasures) {
        this.erasures = erasures;
    }
}
