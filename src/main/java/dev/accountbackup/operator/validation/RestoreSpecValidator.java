package dev.accountbackup.operator.validation;

import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.api.MaskingSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.masking.MaskingRules;
import dev.accountbackup.engine.restore.RestoreMode;

/** Checks an AccountRestore spec before anything runs; all problems are reported at once. */
public final class RestoreSpecValidator {

    /** @throws BackupException (INVALID) listing every problem */
    public void validate(AccountRestoreSpec spec) {
        Problems problems = new Problems();
        if (spec == null) {
            problems.add("spec is required");
            problems.throwIfAny();
        }
        boolean byName = !SpecChecks.blank(spec.getBackupName());
        boolean bySource = spec.getSource() != null;
        if (byName == bySource) {
            problems.add(
                    "set exactly one of backupName (an AccountBackup in this namespace) and source (storage and path of the backups)");
        }
        if (bySource) {
            SpecChecks.storage(spec.getSource().getStorage(), "source.storage", problems);
            String path = spec.getSource().getPath();
            if (SpecChecks.blank(path)) {
                problems.add(
                        "source.path is required: the folder holding the backup ids, e.g. <namespace>/<AccountBackup name>");
            } else {
                SpecChecks.backupFolder(path, "source.path", problems);
            }
            if (spec.getTarget() == null) {
                problems.add("target.database is required when restoring from source");
            }
        }
        if (spec.getTarget() != null) {
            SpecChecks.database(spec.getTarget().getDatabase(), "target.database", problems);
        }
        if (spec.getBackupId() != null
                && !spec.getBackupId().isBlank()
                && !SpecChecks.isFolderName(spec.getBackupId())) {
            problems.add(
                    "backupId '" + spec.getBackupId() + "' is not a backup id (e.g. 20261126T124904Z) or 'latest'");
        }
        SpecChecks.tables(spec.getTables(), "tables", false, problems);
        try {
            RestoreMode.parse(spec.getMode());
        } catch (BackupException e) {
            problems.add(e.getMessage());
        }
        if (spec.getSnapshot() != null) {
            SnapshotChecks.restore(spec.getSnapshot(), "snapshot", problems);
            if (!byName) {
                problems.add(
                        "snapshot needs backupName: its AccountBackup names the instance or cluster, its region and AWS credentials");
            }
            if (Boolean.TRUE.equals(spec.getDryRun())) {
                problems.add(
                        "dryRun cannot preview a snapshot restore; remove snapshot to preview the table restore alone");
            }
        }
        if (spec.getAccounts() != null) {
            // keys or match, or a sample: checked with the masking a sample needs
            if (spec.getSnapshot() != null) {
                problems.add("accounts cannot be used with snapshot: the new instance made from the snapshot already"
                        + " holds every account; to bring chosen accounts back into the running database, restore them"
                        + " without snapshot");
            }
        }
        SpecChecks.backoffLimit(spec.getBackoffLimit(), problems);
        masking(spec, problems);
        problems.throwIfAny();
    }

    private static void masking(AccountRestoreSpec spec, Problems problems) {
        MaskingSpec masking = spec.getMasking();
        AccountsSpec accounts = spec.getAccounts();
        boolean sample = accounts != null && accounts.getSample() != null;
        if (accounts != null) {
            try {
                if (sample) {
                    AccountsChecks.sample(accounts);
                } else {
                    AccountsChecks.selection(accounts);
                }
            } catch (BackupException e) {
                problems.add("accounts: " + e.getMessage());
            }
        }
        if (masking == null) {
            if (sample) {
                problems.add("accounts.sample needs masking.saltSecret: the salt decides which accounts are picked");
            }
            return;
        }
        if (SpecChecks.blank(masking.getSaltSecret())) {
            problems.add("masking.saltSecret is required: a Secret with key 'salt' (at least 16 random bytes)");
        } else {
            SpecChecks.secretName(masking.getSaltSecret(), "masking.saltSecret", problems);
        }
        try {
            maskingRules(masking);
        } catch (BackupException e) {
            problems.add("masking: " + e.getMessage());
        }
    }

    /** The rules of a valid masking spec. */
    public static MaskingRules maskingRules(MaskingSpec masking) {
        return MaskingRules.parse(masking.rulesAsValues(), masking.getByDefault());
    }

    /** Whether the restore writes tables from the JSON backup (with a snapshot: only the tables listed). */
    public static boolean restoresTables(AccountRestoreSpec spec) {
        return spec.getSnapshot() == null
                || spec.getTables() != null && !spec.getTables().isEmpty();
    }

    /**
     * Checks the parts of the AccountBackup a restore uses: its storage, and its database when the
     * restore has no target of its own.
     */
    public void validateBackup(String backupName, AccountBackupSpec backup, boolean usesItsDatabase) {
        Problems problems = new Problems();
        SpecChecks.storage(backup.getStorage(), "storage", problems);
        if (usesItsDatabase) {
            SpecChecks.database(backup.getDatabase(), "database", problems);
        }
        if (!problems.isEmpty()) {
            try {
                problems.throwIfAny();
            } catch (BackupException e) {
                throw BackupException.invalid("AccountBackup '" + backupName + "' has an " + e.getMessage());
            }
        }
    }
}
