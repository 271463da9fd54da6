package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What a restore did to one table (or would do, in a dry run). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoredTable {

    @JsonPropertyDescription("The table, as schema.name.")
    private String name;

    @JsonPropertyDescription("Rows of the backup inserted because their primary key was absent.")
    private Long inserted;

    @JsonPropertyDescription("Existing rows overwritten with the backup's values (Upsert, Replace).")
    private Long updated;

    @JsonPropertyDescription("Rows deleted because the backup does not hold them (Replace).")
    private Long deleted;

    @JsonPropertyDescription("Rows of the backup already present and left as they are.")
    private Long unchanged;

    @JsonPropertyDescription("Columns of the backup that no longer exist in the table and were skipped.")
    private List<String> skippedColumns = new ArrayList<>();

    @JsonPropertyDescription("Rows of the backup left out because they belong to erased accounts (the erasure ledger).")
    private Long withheldByErasures;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getInserted() {
        return inserted;
    }

    public void setInserted(Long inserted) {
        this.inserted = inserted;
    }

    public Long getUpdated() {
        return updated;
    }

    public void setUpdated(Long updated) {
        this.updated = updated;
    }

    public Long getDeleted() {
        return deleted;
    }

    public void setDeleted(Long deleted) {
        this.deleted = deleted;
    }

    public Long getUnchanged() {
        return unchanged;
    }

    public void setUnchanged(Long unchanged) {
        this.unchanged = unchanged;
    }

    public List<String> getSkippedColumns() {
        return skippedColumns;
    }

    public void setSkippedColumns(List<String> skippedColumns) {
        this.skippedColumns = skippedColumns;
    }

    public Long getWithheldByErasures() {
        return withheldByErasures;
    }

    public void setWithheldByErasures(Long withheldByErasures) {
        this.withheldByErasures = withheldByErasures;
    }
}
