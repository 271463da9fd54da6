package dev.accountbackup.operator.validation;

import dev.accountbackup.api.RestoreSnapshotSpec;
import dev.accountbackup.api.SnapshotCopySpec;
import dev.accountbackup.api.SnapshotSpec;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of the RDS snapshot parts of backups and restores. */
final class SnapshotChecks {

    /** RDS identifiers of instances and clusters: 1-63 letters, digits and hyphens, a letter first, no "--", no trailing hyphen. */
    private static final Pattern RDS_IDENTIFIER = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)");
    /** Snapshot identifiers follow the same rules with up to 255 characters. */
    private static final Pattern SNAPSHOT_IDENTIFIER = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)");

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    /** The operator's own ownership tags: a user tag with this prefix could make a snapshot look owned by another backup. */
    static final String RESERVED_TAG_PREFIX = "accountbackup.dev/";

    private SnapshotChecks() {}

    static void backup(SnapshotSpec snapshot, String field, Problems problems) {
        boolean instance = !SpecChecks.blank(snapshot.getDbInstanceIdentifier());
        boolean cluster = !SpecChecks.blank(snapshot.getDbClusterIdentifier());
        if (instance == cluster) {
            problems.add(
                    field
                            + " must set exactly one of dbInstanceIdentifier (an RDS instance) and dbClusterIdentifier (an Aurora cluster)");
        } else {
            identifier(
                    instance ? snapshot.getDbInstanceIdentifier() : snapshot.getDbClusterIdentifier(),
                    field + (instance ? ".dbInstanceIdentifier" : ".dbClusterIdentifier"),
                    problems);
        }
        region(snapshot.getRegion(), field + ".region", true, problems);
        Set<String> regions = new HashSet<>();
        if (snapshot.getCopyTo() != null) {
            for (int i = 0; i < snapshot.getCopyTo().size(); i++) {
                SnapshotCopySpec copy = snapshot.getCopyTo().get(i);
                String copyField = field + ".copyTo[" + i + "]";
                if (copy == null || !region(copy.getRegion(), copyField + ".region", true, problems)) {
                    continue;
                }
                if (copy.getRegion().equals(snapshot.getRegion())) {
                    problems.add(copyField + ".region " + copy.getRegion()
                            + " is the snapshot's own region; copies go to other regions");
                } else if (!regions.add(copy.getRegion())) {
                    problems.add(copyField + ".region " + copy.getRegion() + " is listed twice");
                }
            }
        }
        if (snapshot.getTags() != null) {
            for (Map.Entry<String, String> tag : snapshot.getTags().entrySet()) {
                tag(tag.getKey(), tag.getValue(), field + ".tags", problems);
            }
        }
        if (!SpecChecks.blank(snapshot.getCredentialsSecret())) {
            SpecChecks.secretName(snapshot.getCredentialsSecret(), field + ".credentialsSecret", problems);
        }
    }

    static void restore(RestoreSnapshotSpec snapshot, String field, Problems problems) {
        if (SpecChecks.blank(snapshot.getRestoreAs())) {
            problems.add(field + ".restoreAs is required: the identifier of the new DB instance (or cluster)");
        } else {
            identifier(snapshot.getRestoreAs(), field + ".restoreAs", problems);
        }
        region(snapshot.getRegion(), field + ".region", false, problems);
        String snapshotId = snapshot.getSnapshotIdentifier();
        if (!SpecChecks.blank(snapshotId)
                && !SNAPSHOT_IDENTIFIER.matcher(snapshotId).matches()) {
            problems.add(field + ".snapshotIdentifier '" + snapshotId + "' is not an RDS snapshot identifier");
        }
        if (!SpecChecks.blank(snapshot.getCredentialsSecret())) {
            SpecChecks.secretName(snapshot.getCredentialsSecret(), field + ".credentialsSecret", problems);
        }
    }

    private static void identifier(String id, String field, Problems problems) {
        if (!RDS_IDENTIFIER.matcher(id).matches()) {
            problems.add(
                    field + " '" + id + "' is not an RDS identifier (1-63 letters, digits and hyphens; a letter first;"
                            + " no two hyphens in a row; no hyphen last)");
        }
    }

    /** @return whether the region is set and well formed */
    private static boolean region(String region, String field, boolean required, Problems problems) {
        if (SpecChecks.blank(region)) {
            if (required) {
                problems.add(field + " is required, e.g. eu-west-3");
            }
            return false;
        }
        if (!REGION.matcher(region).matches()) {
            problems.add(field + " '" + region + "' is not an AWS region, e.g. eu-west-3");
            return false;
        }
        return true;
    }

    private static void tag(String key, String value, String field, Problems problems) {
        if (SpecChecks.blank(key) || key.length() > 128) {
            problems.add(field + ": a tag key must have 1 to 128 characters");
        } else if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
            problems.add(field + ": tag key '" + key + "' starts with aws:, which AWS reserves");
        } else if (key.startsWith(RESERVED_TAG_PREFIX)) {
            problems.add(field + ": tag key '" + key + "' starts with " + RESERVED_TAG_PREFIX
                    + ", which marks the operator's ownership");
        }
        if (value != null && value.length() > 256) {
            problems.add(field + ": the value of tag '" + key + "' is longer than 256 characters");
        }
    }
}
