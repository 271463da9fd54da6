package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.retention.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * S3 Object Lock for every object a store writes: each backup is locked in {@code mode} for
 * {@code retainFor}, counted from the backup's start, so all its objects share one date.
 */
public record ObjectLockPolicy(ObjectLock.Mode mode, Duration retainFor) {

    /** Longer locks are taken for typos: a COMPLIANCE lock cannot be shortened by anyone once set. */
    public static final Duration MAX_RETAIN_FOR = Duration.ofDays(3650);

    public ObjectLockPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(retainFor, "retainFor");
    }

    /**
     * Reads the settings as a spec or the command line gives them.
     *
     * @param modeField      how the user names the mode setting, e.g. "storage.s3.objectLock.mode" or "--object-lock-mode"
     * @param retainForField how the user names the duration setting; each error names the setting that is wrong
     * @throws BackupException INVALID naming the wrong setting
     */
    public static ObjectLockPolicy parse(String modeField, String mode, String retainForField, String retainFor) {
        if (mode == null || mode.isBlank()) {
            throw BackupException.invalid(modeField + " is required for S3 Object Lock: GOVERNANCE or COMPLIANCE");
        }
        ObjectLock.Mode parsedMode;
        try {
            parsedMode = ObjectLock.Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw BackupException.invalid(modeField + " \"" + mode.trim() + "\" is not one of "
                    + Arrays.stream(ObjectLock.Mode.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
        if (retainFor == null || retainFor.isBlank()) {
            throw BackupException.invalid(retainForField + " is required for S3 Object Lock, e.g. 30d");
        }
        Duration duration = DurationText.parse(retainForField, retainFor);
        if (duration.compareTo(Duration.ofDays(1)) < 0) {
            throw BackupException.invalid(retainForField + " \"" + retainFor.trim() + "\" is shorter than one day:"
                    + " S3 Object Lock retention is set in days, e.g. 30d");
        }
        if (duration.compareTo(MAX_RETAIN_FOR) > 0) {
            throw BackupException.invalid(retainForField + " \"" + retainFor.trim() + "\" is longer than "
                    + MAX_RETAIN_FOR.toDays() + "d: a lock that long cannot be undone if it was a typo");
        }
        return new ObjectLockPolicy(parsedMode, duration);
    }

    /** The lock of a backup that starts at {@code start}. */
    public ObjectLock lockFrom(Instant start) {
        return new ObjectLock(mode, start.plus(retainFor));
    }
}
