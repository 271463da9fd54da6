package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * A dry-run restore of chosen accounts: how the database differs from the backup, account by
 * account. The keys listed are the user's own accounts, shown in the status they asked for only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreDiffStatus {

    /** Keys listed in a status at most; the rest are counted. */
    public static final int MAX_LISTED = 100;

    @JsonPropertyDescription("Accounts whose root row is in the backup but no longer in the database.")
    private Long accountsDeleted;

    @JsonPropertyDescription("Accounts with rows deleted, added or changed since the backup.")
    private Long accountsChanged;

    @JsonPropertyDescription("Accounts whose root row is in the database but not in the backup.")
    private Long accountsAdded;

    @JsonPropertyDescription("Keys of the deleted accounts (the first 100 differing accounts are listed).")
    private List<String> deleted = new ArrayList<>();

    @JsonPropertyDescription("Keys of the changed accounts (the first 100 differing accounts are listed).")
    private List<String> changed = new ArrayList<>();

    @JsonPropertyDescription("Keys of the added accounts (the first 100 differing accounts are listed).")
    private List<String> added = new ArrayList<>();

    @JsonPropertyDescription("Differing accounts not listed by key.")
    private Long notListed;

    @JsonPropertyDescription(
            "Per table of the accounts: rows deleted, added and changed since the backup, and which columns changed.")
    private List<Table> tables = new ArrayList<>();

    /** One table's differing rows. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Table {

        @JsonPropertyDescription("The table, as schema.name.")
        private String name;

        @JsonPropertyDescription("Rows in the backup whose key is no longer in the database.")
        private Long deleted;

        @JsonPropertyDescription("Rows in the database whose key is not in the backup.")
        private Long added;

        @JsonPropertyDescription("Rows with the same key and other values.")
        private Long changed;

        @JsonPropertyDescription("Columns that differ in the changed rows.")
        private List<String> changedColumns = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Long getDeleted() {
            return deleted;
        }

        public void setDeleted(Long deleted) {
            this.deleted = deleted;
        }

        public Long getAdded() {
            return added;
        }

        public void setAdded(Long added) {
            this.added = added;
        }

        public Long getChanged() {
            return changed;
        }

        public void setChanged(Long changed) {
            this.changed = changed;
        }

        public List<String> getChangedColumns() {
            return changedColumns;
        }

        public void setChangedColumns(List<String> changedColumns) {
            this.changedColumns = changedColumns;
        }
    }

    public Long getAccountsDeleted() {
        return accountsDeleted;
    }

    public void setAccountsDeleted(Long accountsDeleted) {
        this.accountsDeleted = accountsDeleted;
    }

    public Long getAccountsChanged() {
        return accountsChanged;
    }

    public void setAccountsChanged(Long accountsChanged) {
        this.accountsChanged = accountsChanged;
    }

    public Long getAccountsAdded() {
        return accountsAdded;
    }

    public void setAccountsAdded(Long accountsAdded) {
        this.accountsAdded = accountsAdded;
    }

    public List<String> getDeleted() {
        return deleted;
    }

    public void setDeleted(List<String> deleted) {
        this.deleted = deleted;
    }

    public List<String> getChanged() {
        return changed;
    }

    public void setChanged(List<String> changed) {
        this.changed = changed;
    }

    public List<String> getAdded() {
        return added;
    }

    public void setAdded(List<String> added) {
        this.added = added;
    }

    public Long getNotListed() {
        return notListed;
    }

    public void setNotListed(Long notListed) {
        this.notListed = notListed;
    }

    public List<Table> getTables() {
        return tables;
    }

    public void setTables(List<Table> tables) {
        this.tables = tables;
    }
}
