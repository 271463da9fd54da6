package dev.accountbackup.operator.snapshot;

import dev.accountbackup.api.SnapshotSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags (and manifest labels) that mark what the operator made: retention deletes only snapshots
 * carrying a backup's ownership tags, a restarted restore recognises the instance it was creating,
 * and manifests and safety copies say which resource wrote them.
 */
public final class SnapshotTags {

    public static final String NAMESPACE = "accountbackup.dev/namespace";
    public static final String NAME = "accountbackup.dev/name";
    public static final String UID = "accountbackup.dev/uid";
    public static final String RUN_ID = "accountbackup.dev/run-id";
    public static final String RESTORE_NAMESPACE = "accountbackup.dev/restore-namespace";
    public static final String RESTORE_NAME = "accountbackup.dev/restore-name";
    public static final String RESTORE_UID = "accountbackup.dev/restore-uid";

    private SnapshotTags() {}

    /** The tags every snapshot of one AccountBackup carries, whatever run made it. */
    public static Map<String, String> owner(String namespace, String backupName) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(NAMESPACE, namespace);
        tags.put(NAME, backupName);
        return tags;
    }

    /** The labels of a backup's manifests: its ownership tags and the resource's uid. */
    public static Map<String, String> manifestLabels(String namespace, String backupName, String uid) {
        Map<String, String> labels = owner(namespace, backupName);
        labels.put(UID, uid);
        return labels;
    }

    /** The user's tags, then the ownership and run tags (which the spec cannot override: validation rejects their prefix). */
    public static Map<String, String> forRun(String namespace, String backupName, String runId, SnapshotSpec spec) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (spec.getTags() != null) {
            tags.putAll(spec.getTags());
        }
        tags.putAll(owner(namespace, backupName));
        tags.put(RUN_ID, runId);
        return tags;
    }

    /** The tags of an instance (or cluster) created by one AccountRestore, and the labels of its safety copies. */
    public static Map<String, String> restore(String namespace, String name, String uid) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RESTORE_NAMESPACE, namespace);
        tags.put(RESTORE_NAME, name);
        tags.put(RESTORE_UID, uid);
        return tags;
    }
}
