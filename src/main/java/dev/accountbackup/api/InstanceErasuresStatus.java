package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What a snapshot restore deleted from its new instance because of the erasure ledger; never account keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceErasuresStatus {

    @JsonPropertyDescription("Version of the erasure ledger applied: number of entries and a digest of their ids.")
    private String ledgerVersion;

    @JsonPropertyDescription("Entries of the ledger applied.")
    private Integer entries;

    @JsonPropertyDescription("Erased accounts the new instance held, deleted with every row of their account graph.")
    private Integer accountsDeleted;

    @JsonPropertyDescription("Rows deleted, all tables together.")
    private Long rowsDeleted;

    @JsonPropertyDescription("Rows deleted per table, children first.")
    private List<ErasedTableStatus> tables = new ArrayList<>();

    @JsonPropertyDescription("Root tables of ledger entries that are not among the AccountBackup's tables in the new"
            + " instance: those entries name other accounts and were not applied.")
    private List<String> rootsNotApplied;

    @JsonPropertyDescription(
            "True when the spec said ignoreErasures: the ledger was not read and erased accounts may be in the instance.")
    private Boolean ignored;

    public String getLedgerVersion() {
        return ledgerVersion;
    }

    public void setLedgerVersion(String ledgerVersion) {
        this.ledgerVersion = ledgerVersion;
    }

    public Integer getEntries() {
        return entries;
    }

    public void setEntries(Integer entries) {
        this.entries = entries;
    }

    public Integer getAccountsDeleted() {
        return accountsDeleted;
    }

    public void setAccountsDeleted(Integer accountsDeleted) {
        this.accountsDeleted = accountsDeleted;
    }

    public Long getRowsDeleted() {
        return rowsDeleted;
    }

    public void setRowsDeleted(Long rowsDeleted) {
        this.rowsDeleted = rowsDeleted;
    }

    public List<ErasedTableStatus> getTables() {
        return tables;
    }

    public void setTables(List<ErasedTableStatus> tables) {
        this.tables = tables;
    }

    public List<String> getRootsNotApplied() {
        return rootsNotApplied;
    }

    public void setRootsNotApplied(List<String> rootsNotApplied) {
        this.rootsNotApplied = rootsNotApplied;
    }

    public Boolean getIgnored() {
        return ignored;
    }

    public void setIgnored(Boolean ignored) {
        this.ignored = ignored;
    }
}
