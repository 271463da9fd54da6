package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Which backup to restore, into which database, and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.backupName) != has(self.source)",
        message = "set exactly one of backupName and source")
@ValidationRule(
        value = "!has(self.source) || has(self.target)",
        message = "target is required when restoring from source")
public class AccountRestoreSpec {

    @JsonPropertyDescription(
            "Name of an AccountBackup in this namespace: its storage holds the backups and its database is the default target.")
    private String backupName;

    @JsonPropertyDescription(
            "Id of the backup to restore (e.g. 20261126T124904Z), or 'latest' (default) for the newest complete backup in storage.")
    private String backupId;

    @JsonPropertyDescription(
            "Restore straight from storage instead of through an AccountBackup (e.g. when the AccountBackup was deleted)."
                    + " Requires target.")
    private RestoreSourceSpec source;

    @JsonPropertyDescription(
            "The database to restore into. Default: the AccountBackup's database. Required with source.")
    private RestoreTargetSpec target;

    @JsonPropertyDescription(
            "Subset of the backup's tables to restore, as schema.table. Default: all tables of the backup."
                    + " With snapshot, the tables listed here are restored from the JSON backup into the new instance once it is"
                    + " available; none listed: the snapshot alone is restored.")
    private List<String> tables = new ArrayList<>();

    @JsonPropertyDescription(
            "Restore only these accounts: rows of the root table chosen by keys or a match, with every row depending on"
                    + " them through foreign keys, in the tables of the backup that reach the root. Tables outside the"
                    + " accounts are left out (with a warning); Upsert and Replace act on these accounts' rows only. Or, with"
                    + " masking, sample: a deterministic sample of the accounts for staging and test copies."
                    + " Not with snapshot.")
    private AccountsSpec accounts;

    @JsonPropertyDescription(
            "InsertMissing (default): insert rows whose primary key is absent, leave existing rows alone."
                    + " Upsert: also overwrite existing rows with the backup's values."
                    + " Replace: make the tables equal to the backup, deleting rows it does not hold."
                    + " Before any row changes, the current rows are saved as a safety backup.")
    private String mode;

    @JsonPropertyDescription("Report what the restore would change, without changing anything. Default false.")
    private Boolean dryRun;

    @JsonPropertyDescription(
            "Keep the application's own triggers on the target tables off while rows change (as pg_restore --disable-triggers),"
                    + " so that restored rows keep the backup's values and no trigger writes elsewhere; they are on again before the commit."
                    + " Needs the database user to own the tables. Default false: triggers fire, and the status warns about them."
                    + " Foreign keys are checked either way.")
    private Boolean disableTriggers;

    @JsonPropertyDescription(
            "Restore the backup's RDS snapshot into a new DB instance (or Aurora cluster), never an existing one;"
                    + " then, when tables are listed, restore those from the JSON backup into it. Needs backupName.")
    private RestoreSnapshotSpec snapshot;

    @JsonPropertyDescription("Restore erased accounts too: the erasure ledger beside the backups is not read. Recorded"
            + " in the status and a Warning event. Default false: every row of every account in the ledger is left out,"
            + " and the restore fails (writing nothing) while the ledger cannot be read.")
    private Boolean ignoreErasures;

    @JsonPropertyDescription("Secret of this namespace holding, under the key 'hashKey', the erasure hash key in base64"
            + " (at least 32 random bytes) that recognises the ledger's accounts. Read only when the ledger holds"
            + " erasures. Default: account-erasure-key.")
    private String erasureKeySecret;

    @JsonPropertyDescription(
            "A table in which the application records the accounts it erased (e.g. {name: gdpr.erasures,"
                    + " keyColumn: user_id}), read in the target database at every restore: those accounts are withheld like the"
                    + " ledger's. A table that cannot be read fails the restore before it writes, unless ignoreErasures.")
    private LedgerTableSpec ledgerTable;

    @JsonPropertyDescription(
            "Mask personal data on its way into the target (a staging or test copy): rules per column, a salt Secret."
                    + " The status lists the masked columns; the target gets a row in public.account_backup_masked_restore.")
    private MaskingSpec masking;

    @Min(1)
    @Max(16)
    @JsonPropertyDescription("Connections a whole-table Replace into empty tables loads and indexes on at once, as"
            + " pg_restore -j does: faster, but not one transaction. Readers see the tables fill; a failure empties"
            + " them again with every index and constraint back; after a crash the next restore into the database"
            + " does it first. Tables that hold rows, other modes, dry runs, chosen accounts and masked copies run in"
            + " one transaction anyway (status.warnings says so). Default 1: one transaction, all or nothing.")
    private Integer loadParallelism;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription(
            "How many times a transient failure is retried, with exponential back-off, before the restore is marked Failed."
                    + " Default 3, at most 100. Each attempt runs in one transaction, so a failed attempt changes nothing.")
    private Integer backoffLimit;

    @JsonPropertyDescription(
            "Where the export or restore runs: in the operator (default) or as a Kubernetes Job with its own resources,"
                    + " node selector, tolerations and service account.")
    private RunAsSpec runAs;

    public RunAsSpec getRunAs() {
        return runAs;
    }

    public void setRunAs(RunAsSpec runAs) {
        this.runAs = runAs;
    }

    public String getBackupName() {
        return backupName;
    }

    public void setBackupName(String backupName) {
        this.backupName = backupName;
    }

    public String getBackupId() {
        return backupId;
    }

    public void setBackupId(String backupId) {
        this.backupId = backupId;
    }

    public RestoreSourceSpec getSource() {
        return source;
    }

    public void setSource(RestoreSourceSpec source) {
        this.source = source;
    }

    public RestoreTargetSpec getTarget() {
        return target;
    }

    public void setTarget(RestoreTargetSpec target) {
        this.target = target;
    }

    public List<String> getTables() {
        return tables;
    }

    public void setTables(List<String> tables) {
        this.tables = tables;
    }

    public AccountsSpec getAccounts() {
        return accounts;
    }

    public void setAccounts(AccountsSpec accounts) {
        this.accounts = accounts;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    public Boolean getDisableTriggers() {
        return disableTriggers;
    }

    public void setDisableTriggers(Boolean disableTriggers) {
        this.disableTriggers = disableTriggers;
    }

    public Integer getLoadParallelism() {
        return loadParallelism;
    }

    public void setLoadParallelism(Integer loadParallelism) {
        this.loadParallelism = loadParallelism;
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
    }

    public MaskingSpec getMasking() {
        return masking;
    }

    public void setMasking(MaskingSpec masking) {
        this.masking = masking;
    }

    public RestoreSnapshotSpec getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(RestoreSnapshotSpec snapshot) {
        this.snapshot = snapshot;
    }

    public Boolean getIgnoreErasures() {
        return ignoreErasures;
    }

    public void setIgnoreErasures(Boolean ignoreErasures) {
        this.ignoreErasures = ignoreErasures;
    }

    public String getErasureKeySecret() {
        return erasureKeySecret;
    }

    public void setErasureKeySecret(String erasureKeySecret) {
        this.erasureKeySecret = erasureKeySecret;
    }

    public LedgerTableSpec getLedgerTable() {
        return ledgerTable;
    }

    public void setLedgerTable(LedgerTableSpec ledgerTable) {
        this.ledgerTable = ledgerTable;
    }
}
