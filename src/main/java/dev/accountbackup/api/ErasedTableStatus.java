package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The rows of erased accounts deleted from one table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ErasedTableStatus {

    @JsonPropertyDescription("The table, as schema.table.")
    private String name;

    @JsonPropertyDescription("Rows of erased accounts deleted from it.")
    private Long rowsDeleted;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getRowsDeleted() {
        return rowsDeleted;
    }

    public void setRowsDeleted(Long rowsDeleted) {
        this.rowsDeleted = rowsDeleted;
    }
}
