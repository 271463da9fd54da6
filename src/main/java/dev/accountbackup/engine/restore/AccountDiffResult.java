package dev.accountbackup.engine.restore;

import java.time.Instant;
import java.util.List;

/**
 * How the live database differs from a backup, account by account: an account is deleted when its
 * root row is in the backup but not in the database, added the other way round, changed when a
 * row of it was deleted, added or changed. Account keys are personal data: they belong in status
 * and command output the user asked for, never in logs or events.
 *
 * @param accountsNotFound  keys asked for that neither the backup nor the database holds
 * @param tables            every table of the account graph, parents first
 * @param accounts          the differing accounts in key order, at most the requested number
 * @param accountsNotListed differing accounts left out of {@code accounts}
 */
public record AccountDiffResult(
        String backupId,
        Instant backupTakenAt,
        String root,
        long accountsDeleted,
        long accountsChanged,
        long accountsAdded,
        List<String> accountsNotFound,
        List<TableDiff> tables,
        List<AccountChange> accounts,
        long accountsNotListed,
        List<String> warnings) {

    /**
     * Rows of one table (of one account, or of all compared accounts) that differ.
     *
     * @param deleted        rows in the backup whose key is not in the database
     * @param added          rows in the database whose key is not in the backup
     * @param changed        rows with the same key and different values
     * @param changedColumns the columns that differ in changed rows, in table order
     */
    public record TableDiff(String table, long deleted, long added, long changed, List<String> changedColumns) {

        public boolean differs() {
            return deleted + added + changed > 0;
        }
    }

    /** One differing account: {@code change} is deleted, added or changed. */
    public record AccountChange(String key, String change, List<TableDiff> tables) {}

    public long accountsDiffering() {
        return accountsDeleted + accountsChanged + accountsAdded;
    }
}
