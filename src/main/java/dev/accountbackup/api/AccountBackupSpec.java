package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What to back up and where to put it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountBackupSpec {

    @Required
    @JsonPropertyDescription("The PostgreSQL database to back up.")
    private DatabaseSpec database;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Tables to back up, as schema.table (e.g. public.users); a name without schema follows the login's search_path."
            + " Quote parts with double quotes when they hold upper case or dots.")
    private List<String> tables = new ArrayList<>();

    @Required
    @JsonPropertyDescription("Where the backup is written: exactly one of s3 and filesystem."
            + " Backups land in <root>/<namespace>/<AccountBackup name>/<backup id>/.")
    private StorageSpec storage;

    @JsonPropertyDescription("Compression of the table files: zstd (default) or gzip.")
    private String compression;

    @Min(0)
    @JsonPropertyDescription("How many times a transient failure (database unreachable, storage hiccup) is retried, with exponential"
            + " back-off, before the backup is marked Failed. Default 3.")
    private Integer backoffLimit;

    public DatabaseSpec getDatabase() {
        return database;
    }

    public void setDatabase(DatabaseSpec database) {
        this.database = database;
    }

    public List<String> getTables() {
        return tables;
    }

    public void setTables(List<String> tables) {
        this.tables = tables;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public String getCompression() {
        return compression;
    }

    public void setCompression(String compression) {
        this.compression = compression;
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
    }
}
