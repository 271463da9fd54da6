package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.accounts.AccountSelector;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.storage.BackupLocation;

/**
 * One comparison of a backup with the live database.
 *
 * @param backupId       a backup id, or null / "latest"
 * @param root           the accounts' root table, e.g. {@code public.users}
 * @param selector       which accounts to compare; null for every account
 * @param listedAccounts how many differing accounts the result lists by key (the rest are counted), at most
 *                       {@link #MAX_LISTED_ACCOUNTS}: the listed keys are held in memory
 */
public record AccountDiffRequest(
        BackupLocation location,
        String backupId,
        DatabaseTarget target,
        String root,
        AccountSelector selector,
        int listedAccounts) {

    /** Listed by default: enough to act on, small enough for a status or a terminal. */
    public static final int DEFAULT_LISTED_ACCOUNTS = 1000;

    /** Keys listed at most: a million keys fit in a few hundred MiB; beyond that, compare a selection at a time. */
    public static final int MAX_LISTED_ACCOUNTS = 1_000_000;

    public AccountDiffRequest {
        if (listedAccounts < 0 || listedAccounts > MAX_LISTED_ACCOUNTS) {
            throw new IllegalArgumentException("the accounts listed by key must be between 0 and " + MAX_LISTED_ACCOUNTS
                    + ", not " + listedAccounts);
        }
    }
}
