package dev.accountbackup.engine.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Deterministic RDS identifiers, so a restarted operator finds what it already asked for. */
public final class SnapshotNames {

    /**
     * DB snapshot identifiers may have 255 characters, DB cluster snapshot identifiers only 63: one limit for both
     * keeps a name valid whatever the backup snapshots.
     */
    static final int MAX_LENGTH = 63;

    private static final String PREFIX = "accountbackup";
    private static final int HASH_CHARS = 8;

    private SnapshotNames() {}

    /**
     * e.g. ("shop", "nightly", "20261126T020000Z") gives "accountbackup-shop-nightly-20261126t020000z-" and 8 hex
     * characters. Valid for RDS: lower-case letters, digits and single hyphens, starting with a letter, no trailing
     * hyphen, at most 63 characters (the readable part is shortened to fit). The hash of the exact inputs always ends
     * the name, because the readable part alone is ambiguous: RDS ignores case, other characters become hyphens, and
     * namespace "shop-prod" with backup "nightly" reads like namespace "shop" with backup "prod-nightly".
     */
    public static String forRun(String namespace, String backupName, String runId) {
        String readable = clean((PREFIX + "-" + namespace + "-" + backupName + "-" + runId).toLowerCase(Locale.ROOT));
        String head = readable.substring(0, Math.min(readable.length(), MAX_LENGTH - HASH_CHARS - 1));
        return trimHyphens(head) + "-" + hash(namespace + "\0" + backupName + "\0" + runId);
    }

    /** Letters and digits kept, every run of anything else one hyphen, none at either end. */
    private static String clean(String text) {
        return trimHyphens(text.replaceAll("[^a-z0-9]+", "-"));
    }

    private static String trimHyphens(String text) {
        return text.replaceAll("^-+|-+$", "");
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
