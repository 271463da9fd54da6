package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The database rows are restored into. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreTargetSpec {

    @Required
    @JsonPropertyDescription("The PostgreSQL database to restore into; its tables must exist.")
    private DatabaseSpec database;

    public DatabaseSpec getDatabase() {
        return database;
    }

    public void setDatabase(DatabaseSpec database) {
        this.database = database;
    }
}
