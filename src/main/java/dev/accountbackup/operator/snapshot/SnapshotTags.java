package dev.accountbackup.operator.snapshot;

import dev.accountbackup.api.SnapshotSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags that mark RDS resources as the operator's: retention deletes only snapshots carrying a
 * backup's ownership tags, and a restarted restore recognises the instance it was creating.
 */
public final class SnapshotTags {

    public static final String NAMESPACE = "accountbackup.dev/namespace";
    public static final String NAME = "accountbackup.dev/name";
    public static final String RUN_ID = "accountbackup.dev/run-id";
    public static final String RESTORE_NAMESPACE = "accountbackup.dev/restore-namespace";
    public static final String RESTORE_NAME = "accountbackup.dev/restore-name";
    public static final String RESTORE_UID = "accountbackup.dev/restore-uid";

    private SnapshotTags() {
    }

    /** The tags every snapshot of one AccountBackup carries, whatever run made it. */
    public static Map<String, String> owner(String namespace, String backupName) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(NAMESPACE, namespace);
        tags.put(NAME, backupName);
        return tags;
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

    /** The tags of an instance (or cluster) created by one AccountRestore. */
    public static Map<String, String> restore(String namespace, String name, String uid) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RESTORE_NAMESPACE, namespace);
        tags.put(RESTORE_NAME, name);
        tags.put(RESTORE_UID, uid);
        return tags;
    }
}
