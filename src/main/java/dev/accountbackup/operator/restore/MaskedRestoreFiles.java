package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.operator.jobs.batch.PodCommand;

/**
 * A masked copy as the {@code restore} command of a Job takes it: the checked rules as a file the pod's annotation
 * carries (no resource to create, own and clean up), the salt's Secret mounted as a file (never an argument nor a
 * variable's value in the pod's spec), and the sample's size as an argument.
 */
final class MaskedRestoreFiles {

    static final String RULES_ANNOTATION = "accountbackup.dev/masking-rules";
    static final String RULES_DIR = "/etc/account-backup/masking";
    static final String RULES_FILE = "rules.yaml";
    static final String SALT_DIR = "/etc/account-backup/masking-salt";

    private MaskedRestoreFiles() {}

    /**
     * @param saltSecret the Secret whose key {@value TableRestores#SALT_KEY} holds the salt
     * @throws BackupException (INVALID) for rules too large for a pod's annotations
     */
    static void add(PodCommand.Builder command, MaskedCopy copy, String saltSecret) {
        if (copy.rules() != null) {
            try {
                command.documentFile(
                        "masking-rules", RULES_ANNOTATION, copy.rules().document(), RULES_DIR, RULES_FILE);
            } catch (IllegalArgumentException e) {
                throw BackupException.invalid(
                        "the masking rules are too many for a restore run as a Job (" + e.getMessage()
                                + " in the pod's annotations): run it in the operator's process (runAs.mode: InProcess)");
            }
            command.arg("--mask", RULES_DIR + "/" + RULES_FILE);
        }
        command.secretFiles("masking-salt", saltSecret, SALT_DIR)
                .arg("--mask-salt-file", SALT_DIR + "/" + TableRestores.SALT_KEY);
        if (copy.sample() != null) {
            command.arg("--sample", copy.sample().root() + "=" + copy.sample().size());
        }
    }
}
