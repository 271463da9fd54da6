package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Which accounts were erased, under which request, and in which storage the namespace's ledger and backups are. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.backupName) != has(self.storage)",
        message = "set exactly one of backupName and storage")
@ValidationRule(
        value = "has(self.accounts.keys)",
        message = "accounts.keys is required: an erasure names accounts by the primary key of their root table")
public class AccountErasureSpec {

    /** Longest reference accepted: a ticket id, not a text. */
    public static final int MAX_REFERENCE = 128;

    @JsonPropertyDescription("Name of an AccountBackup in this namespace: its storage holds the namespace's erasure"
            + " ledger and backups, and its RDS snapshots taken before the erasure are listed in the status.")
    private String backupName;

    @JsonPropertyDescription("The storage holding the namespace's backups, as in AccountBackup.spec.storage, when no"
            + " AccountBackup names it (e.g. it was deleted). The ledger is <storage>/<namespace>/_erasures/.")
    private StorageSpec storage;

    @Required
    @JsonPropertyDescription("The erased accounts: root (e.g. public.users) and keys, the values of its primary key"
            + " (a single column). Every row depending on them through foreign keys is erased with them."
            + " The keys are kept in the ledger only as keyed hashes; this resource holds them in clear text.")
    private AccountsSpec accounts;

    @Required
    @Size(min = 1, max = MAX_REFERENCE)
    @Pattern("^[^\\x00-\\x1F\\x7F]+$")
    @JsonPropertyDescription("The request's ticket or case id, e.g. DSR-2026-0042 (no personal data): recorded in the"
            + " ledger, shown in the status and events, and what auditors find the erasure by.")
    private String reference;

    @JsonPropertyDescription(
            "Also rewrite every stored backup of this namespace that holds the accounts without their"
                    + " rows (backups under S3 Object Lock are listed with the date their lock ends). Default false: the ledger"
                    + " alone keeps restores from bringing the accounts back, and the backups hold them until retention deletes them.")
    private Boolean purgeBackups;

    @JsonPropertyDescription("Secret of this namespace holding, under the key 'hashKey', the erasure hash key in base64"
            + " (at least 32 random bytes). Default: account-erasure-key. Restores must use the same key.")
    private String erasureKeySecret;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("How many times a transient failure (storage, RDS) is retried, with exponential back-off,"
            + " before the erasure is marked Failed. Default 3, at most 100. A retry never records the erasure twice.")
    private Integer backoffLimit;

    public String getBackupName() {
        return backupName;
    }

    public void setBackupName(String backupName) {
        this.backupName = backupName;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public AccountsSpec getAccounts() {
        return accounts;
    }

    public void setAccounts(AccountsSpec accounts) {
        this.accounts = accounts;
    }

    public String getReference() {
        return reference;
    }

    public void setReference(String reference) {
        this.reference = reference;
    }

    public Boolean getPurgeBackups() {
        return purgeBackups;
    }

    public void setPurgeBackups(Boolean purgeBackups) {
        this.purgeBackups = purgeBackups;
    }

    public String getErasureKeySecret() {
        return erasureKeySecret;
    }

    public void setErasureKeySecret(String erasureKeySecret) {
        this.erasureKeySecret = erasureKeySecret;
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
    }
}
