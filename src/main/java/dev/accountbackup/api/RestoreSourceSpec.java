package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A set of backups found directly in storage, for when the AccountBackup that made them is gone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreSourceSpec {

    @Required
    @JsonPropertyDescription("The storage holding the backups, as in AccountBackup.spec.storage.")
    private StorageSpec storage;

    @Required
    @JsonPropertyDescription("Folder below the storage root that holds the backup id folders;"
            + " for backups made by an AccountBackup: <namespace>/<AccountBackup name>, e.g. shop/nightly; for a restore's"
            + " safety copies: <namespace>/_restores/<AccountRestore name>. It must lie in this namespace's folder, or in one"
            + " the operator allows this namespace to read.")
    private String path;

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
