package dev.accountbackup.api;

/** What happens to an AccountBackup's stored backups when the AccountBackup is deleted. */
public enum DeletionPolicy {
    /** The backups stay in storage (the default): deleting the resource never deletes data by accident. */
    Retain,
    /** Every backup of the AccountBackup is removed from storage before the resource goes. */
    Delete
}
