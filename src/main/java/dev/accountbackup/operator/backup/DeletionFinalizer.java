package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.DeletionPolicy;
import dev.accountbackup.operator.validation.BackupSpecValidator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operator's finalizer, only on the AccountBackups whose deletion has work to do (deletionPolicy
 * Delete of exported tables): every other one can be deleted at any time, also while the operator
 * is down or after it was uninstalled, without holding up its namespace.
 */
public final class DeletionFinalizer {

    /** The name the finalizer always had, so that resources finalized by earlier versions are let go as before. */
    public static final String NAME = "accountbackups.accountbackup.dev/finalizer";

    /** How soon to reconcile again after adding or removing the finalizer, with the resource as it is now. */
    private static final Duration AGAIN = Duration.ofMillis(1);

    private DeletionFinalizer() {}

    /** Whether deleting this AccountBackup must first remove its backups from storage. */
    static boolean needed(AccountBackup backup) {
        return backup.getSpec() != null
                && backup.getSpec().getDeletionPolicy() == DeletionPolicy.Delete
                && BackupSpecValidator.exportsTables(backup.getSpec());
    }

    /**
     * Adds or removes the finalizer as the spec needs, and runs the deletion of a resource being
     * deleted.
     *
     * @param deleteBackups removes the backups from storage; says when the finalizer may go
     * @return what this reconcile ends with, or empty when the backup's own reconcile goes on
     */
    static Optional<UpdateControl<AccountBackup>> reconcile(
            AccountBackup backup, Context<AccountBackup> context, Supplier<DeleteControl> deleteBackups) {
        boolean present = backup.hasFinalizer(NAME);
        if (backup.isMarkedForDeletion()) {
            if (!present) {
                return Optional.of(UpdateControl.noUpdate()); // another finalizer holds it; nothing of ours to do
            }
            DeleteControl deletion = needed(backup) ? deleteBackups.get() : DeleteControl.defaultDelete();
            if (deletion.isRemoveFinalizer()) {
                PrimaryUpdateAndCacheUtils.removeFinalizer(context, NAME);
                return Optional.of(UpdateControl.noUpdate());
            }
            return Optional.of(UpdateControl.<AccountBackup>noUpdate()
                    .rescheduleAfter(deletion.getScheduleDelay().orElse(AGAIN.toMillis())));
        }
        if (needed(backup) == present) {
            return Optional.empty();
        }
        if (present) {
            PrimaryUpdateAndCacheUtils.removeFinalizer(context, NAME);
        } else {
            PrimaryUpdateAndCacheUtils.addFinalizer(context, NAME);
        }
        return Optional.of(UpdateControl.<AccountBackup>noUpdate().rescheduleAfter(AGAIN));
    }
}
