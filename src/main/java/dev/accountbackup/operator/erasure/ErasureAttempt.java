package dev.accountbackup.operator.erasure;

/**
 * What the reconciler knows about a running erasure attempt.
 *
 * @param ledger        where the namespace's ledger is, without credentials
 * @param purge         whether the backups are purged
 * @param progress      what the attempt has done so far
 * @param previousError why the previous attempt failed, or null
 */
public record ErasureAttempt(String ledger, boolean purge, ErasureProgress progress, String previousError) {

    /** E.g. "recording the erasure in file:///backups/shop/_erasures/, then purging ... (3 purged so far)". */
    String describe() {
        ErasureOutcome soFar = progress.soFar();
        String what = soFar.recorded() == null
                ? "recording the erasure in " + ledger
                : "recorded erasure " + soFar.recorded().entry().id() + " in " + ledger;
        if (!purge) {
            return what + ", then listing the backups and snapshots taken before it";
        }
        int done = soFar.backups().size() + soFar.notAffected();
        return what + ", then purging the namespace's backups of the accounts (" + done + " backup(s) checked so far)";
    }
}
