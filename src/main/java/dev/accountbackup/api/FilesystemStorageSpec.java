package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A directory on a volume mounted into the operator's pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilesystemStorageSpec {

    @Required
    @JsonPropertyDescription(
            "Absolute path of the directory, on a volume mounted into the operator, e.g. /var/lib/account-backup:"
                    + " one of the directories the operator is configured with (ACCOUNT_BACKUP_FILESYSTEM_ROOTS).")
    private String path;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
