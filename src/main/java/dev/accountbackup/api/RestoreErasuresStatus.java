package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a restore did about the erasure ledger; never account keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreErasuresStatus {

    @JsonPropertyDescription("Version of the erasure ledger applied: number of entries and a digest of their ids.")
    private String ledgerVersion;

    @JsonPropertyDescription("Entries of the ledger applied.")
    private Integer entries;

    @JsonPropertyDescription("Erased accounts the backup held, whose rows were all left out.")
    private Integer accountsWithheld;

    @JsonPropertyDescription("Rows left out because of erasures, all tables together.")
    private Long rowsWithheld;

    @JsonPropertyDescription("The application's erasure table applied (spec.ledgerTable), with its key column.")
    private String ledgerTable;

    @JsonPropertyDescription("The keys the erasure table held when the restore read it.")
    private Integer ledgerTableKeys;

    @JsonPropertyDescription(
            "True when the spec said ignoreErasures: the ledger was not read and erased accounts may be back.")
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

    public Integer getAccountsWithheld() {
        return accountsWithheld;
    }

    public void setAccountsWithheld(Integer accountsWithheld) {
        this.accountsWithheld = accountsWithheld;
    }

    public Long getRowsWithheld() {
        return rowsWithheld;
    }

    public void setRowsWithheld(Long rowsWithheld) {
        this.rowsWithheld = rowsWithheld;
    }

    public Boolean getIgnored() {
        return ignored;
    }

    public void setIgnored(Boolean ignored) {
        this.ignored = ignored;
    }

    public String getLedgerTable() {
        return ledgerTable;
    }

    public void setLedgerTable(String ledgerTable) {
        this.ledgerTable = ledgerTable;
    }

    public Integer getLedgerTableKeys() {
        return ledgerTableKeys;
    }

    public void setLedgerTableKeys(Integer ledgerTableKeys) {
        this.ledgerTableKeys = ledgerTableKeys;
    }
}
