package dev.accountbackup.operator.jobs.batch;

import dev.accountbackup.api.RunMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How exports and restores run when they run as Kubernetes Jobs, and whether they do by default.
 * <ul>
 * <li>{@code ACCOUNT_BACKUP_RUN_AS}: {@code InProcess} (default) or {@code Job}; a resource's {@code runAs.mode} wins.</li>
 * <li>{@code ACCOUNT_BACKUP_JOB_IMAGE}: the image of the Jobs; default the operator's own (read from its pod, named by
 *     {@code POD_NAME}).</li>
 * <li>{@code ACCOUNT_BACKUP_JOB_SERVICE_ACCOUNT}: the service account of the Jobs' pods when the resource names none.</li>
 * <li>{@code ACCOUNT_BACKUP_JOB_TTL}: how long a finished Job the operator could not delete stays. Default 1h.</li>
 * </ul>
 *
 * @param image          null for the operator's own image
 * @param serviceAccount null for the namespace's default
 */
public record BatchJobSettings(RunMode defaultMode, String image, String serviceAccount, Duration ttlAfterFinished) {

    public static final String RUN_AS = "ACCOUNT_BACKUP_RUN_AS";
    public static final String IMAGE = "ACCOUNT_BACKUP_JOB_IMAGE";
    public static final String SERVICE_ACCOUNT = "ACCOUNT_BACKUP_JOB_SERVICE_ACCOUNT";
    public static final String TTL = "ACCOUNT_BACKUP_JOB_TTL";

    public BatchJobSettings {
        image = blankToNull(image);
        serviceAccount = blankToNull(serviceAccount);
        if (ttlAfterFinished.isNegative() || ttlAfterFinished.isZero()) {
            throw new IllegalArgumentException(TTL + " must be positive");
        }
    }

    /** Everything in process; Jobs, when a resource asks for them, with the operator's image. */
    public static BatchJobSettings defaults() {
        return new BatchJobSettings(RunMode.InProcess, null, null, Duration.ofHours(1));
    }

    /** @param ttl the parsed {@value #TTL}, or null for the default */
    public static BatchJobSettings fromEnvironment(Map<String, String> env, Duration ttl) {
        return new BatchJobSettings(
                mode(env.get(RUN_AS)),
                env.get(IMAGE),
                env.get(SERVICE_ACCOUNT),
                ttl == null ? defaults().ttlAfterFinished() : ttl);
    }

    public BatchJobSettings withDefaultMode(RunMode mode) {
        return new BatchJobSettings(mode, image, serviceAccount, ttlAfterFinished);
    }

    public BatchJobSettings withImage(String otherImage) {
        return new BatchJobSettings(defaultMode, otherImage, serviceAccount, ttlAfterFinished);
    }

    private static RunMode mode(String text) {
        if (text == null || text.isBlank()) {
            return RunMode.InProcess;
        }
        return Arrays.stream(RunMode.values())
                .filter(m -> m.name().equalsIgnoreCase(text.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(RUN_AS + "='" + text + "' is not one of "
                        + Arrays.stream(RunMode.values()).map(Enum::name).collect(Collectors.joining(", "))));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
