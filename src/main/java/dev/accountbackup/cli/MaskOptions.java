package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSample;
import dev.accountbackup.engine.masking.MaskSalt;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.masking.MaskingRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Masked copies on the command line: a rules file, and the salt from a file or the environment,
 * never from a flag (other users of the machine and the shell history would see it).
 */
final class MaskOptions {

    /** A rules file is a few kilobytes; a larger one is a mistake. */
    private static final long MAX_RULES_FILE = 1 << 20;

    @Option(
            names = "--mask",
            paramLabel = "RULES.yaml",
            description = "mask columns: a YAML file with 'rules:' (schema.table.column: hash, email, name, phone,"
                    + " address, redact, null, keep or {constant: VALUE}) and optionally 'default: byColumnName'")
    Path rules;

    @Option(
            names = "--mask-salt-file",
            paramLabel = "FILE",
            description = "the secret salt that makes masked values and samples deterministic (at least 16 bytes)."
                    + " Default: the value of $" + MaskSalt.ENVIRONMENT_VARIABLE)
    Path saltFile;

    /** @return the masked copy asked for, or null when none */
    MaskedCopy copy(AccountSample sample) {
        if (rules == null && sample == null) {
            return null;
        }
        return new MaskedCopy(rules == null ? null : readRules(), salt(), sample);
    }

    private MaskingRules readRules() {
        try {
            if (Files.size(rules) > MAX_RULES_FILE) {
                throw BackupException.invalid("the masking rules file " + rules + " is larger than 1 MiB");
            }
            try (InputStream in = Files.newInputStream(rules)) {
                return MaskingRules.readYaml(in);
            }
        } catch (IOException e) {
            throw BackupException.invalid("the masking rules file " + rules + " cannot be read: " + e.getMessage());
        }
    }

    private MaskSalt salt() {
        if (saltFile != null) {
            return MaskSalt.fromFile(saltFile);
        }
        String value = System.getenv(MaskSalt.ENVIRONMENT_VARIABLE);
        if (value == null || value.isEmpty()) {
            throw BackupException.invalid(
                    "masking needs a salt: give --mask-salt-file or set " + MaskSalt.ENVIRONMENT_VARIABLE);
        }
        return MaskSalt.of(value, "$" + MaskSalt.ENVIRONMENT_VARIABLE);
    }
}
