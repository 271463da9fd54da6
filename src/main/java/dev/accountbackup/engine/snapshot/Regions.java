package dev.accountbackup.engine.snapshot;

import dev.accountbackup.engine.BackupException;

/** Checks the AWS region names that requests carry. */
final class Regions {

    private Regions() {}

    /** The trimmed region, or INVALID naming {@code what} needs it. */
    static String require(String region, String what) {
        if (region == null || region.isBlank()) {
            throw BackupException.invalid("no AWS region given for " + what + ": set the region, e.g. eu-west-3");
        }
        return region.trim();
    }
}
