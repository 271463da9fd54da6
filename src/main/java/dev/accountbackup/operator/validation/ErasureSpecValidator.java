package dev.accountbackup.operator.validation;

import dev.accountbackup.api.AccountErasureSpec;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSelection;

/** Checks an AccountErasure spec before anything runs; all problems are reported at once, never a key's value. */
public final class ErasureSpecValidator {

    /**
     * @return the erased accounts
     * @throws BackupException (INVALID) listing every problem
     */
    public AccountSelection validate(AccountErasureSpec spec) {
        Problems problems = new Problems();
        if (spec == null) {
            problems.add("spec is required");
            problems.throwIfAny();
        }
        boolean byName = !SpecChecks.blank(spec.getBackupName());
        boolean byStorage = spec.getStorage() != null;
        if (byName == byStorage) {
            problems.add("set exactly one of backupName (an AccountBackup in this namespace) and storage");
        }
        if (byStorage) {
            SpecChecks.storage(spec.getStorage(), "storage", problems);
        }
        reference(spec.getReference(), problems);
        if (!SpecChecks.blank(spec.getErasureKeySecret())) {
            SpecChecks.secretName(spec.getErasureKeySecret(), "erasureKeySecret", problems);
        }
        SpecChecks.backoffLimit(spec.getBackoffLimit(), problems);
        AccountSelection accounts = accounts(spec.getAccounts(), problems);
        problems.throwIfAny();
        return accounts;
    }

    private static void reference(String reference, Problems problems) {
        if (SpecChecks.blank(reference)) {
            problems.add("reference is required: the request's ticket or case id, e.g. DSR-2026-0042");
        } else if (reference.length() > AccountErasureSpec.MAX_REFERENCE
                || reference.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add("reference must be at most " + AccountErasureSpec.MAX_REFERENCE
                    + " characters without control characters");
        }
    }

    /** Keys only: an erased account is named by its key, which the ledger hashes; a match could name no one later. */
    private static AccountSelection accounts(AccountsSpec accounts, Problems problems) {
        if (accounts == null) {
            problems.add("accounts is required: root (e.g. public.users) and keys");
            return null;
        }
        if (accounts.getMatch() != null || accounts.getSample() != null || accounts.getKeys() == null) {
            problems.add("accounts: an erasure names accounts by keys (the primary key values of the root table),"
                    + " not by match or sample");
            return null;
        }
        try {
            return AccountsChecks.selection(accounts);
        } catch (BackupException e) {
            problems.add("accounts: " + e.getMessage());
            return null;
        }
    }
}
