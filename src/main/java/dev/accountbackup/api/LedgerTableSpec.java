package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A table in which the application itself records the accounts it erased, read at every restore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LedgerTableSpec {

    @Required
    @JsonPropertyDescription("The table, as schema.table (e.g. gdpr.erasures), in the database the restore writes to.")
    private String name;

    @Required
    @JsonPropertyDescription("Its column holding an erased account's key, the root table's primary key (e.g. user_id).")
    private String keyColumn;

    @JsonPropertyDescription(
            "The root table whose primary key keyColumn holds, as schema.table. Default: public.users.")
    private String root;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKeyColumn() {
        return keyColumn;
    }

    public void setKeyColumn(String keyColumn) {
        this.keyColumn = keyColumn;
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }
}
