package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.accounts.AccountSample;
import java.util.Objects;

/**
 * A copy for staging or tests: columns masked, and optionally only a sample of the accounts.
 *
 * @param rules  what to mask; null to copy a sample unmasked
 * @param salt   the secret that makes masked values and the sample deterministic
 * @param sample the accounts to copy with everything they own; null for all rows
 */
public record MaskedCopy(MaskingRules rules, MaskSalt salt, AccountSample sample) {

    public MaskedCopy {
        Objects.requireNonNull(salt, "salt");
        if (rules == null && sample == null) {
            throw new IllegalArgumentException("a masked copy masks or samples");
        }
    }
}
