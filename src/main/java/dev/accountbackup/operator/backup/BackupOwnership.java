package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.StorageKeys;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who made a stored backup, from the labels of its manifest: deletions (deletionPolicy Delete,
 * retention) remove only the backups one AccountBackup made, never a restore's safety copy, another
 * resource's backup or a backup of unknown origin that happens to lie in its folder.
 */
record BackupOwnership(String namespace, String name) {

    private static final Logger LOG = LoggerFactory.getLogger(BackupOwnership.class);

    /** What a set of backups splits into: those this AccountBackup made, and the others, to be left alone. */
    record Split(List<Manifest> owned, List<Manifest> foreign) {}

    /** Whether this AccountBackup (any resource of this namespace and name, so a re-created one too) made the backup. */
    boolean made(Manifest manifest) {
        Map<String, String> labels = manifest.labels() == null ? Map.of() : manifest.labels();
        return namespace.equals(labels.get(SnapshotTags.NAMESPACE))
                && name.equals(labels.get(SnapshotTags.NAME))
                && !labels.containsKey(SnapshotTags.RESTORE_NAMESPACE)
                && !labels.containsKey(SnapshotTags.RESTORE_NAME);
    }

    Split split(List<Manifest> backups) {
        return new Split(
                backups.stream().filter(this::made).toList(),
                backups.stream().filter(m -> !made(m)).toList());
    }

    /** Logs each backup a deletion left because this AccountBackup did not make it. */
    void logLeftAlone(String deletion, BackupLocation location, List<Manifest> foreign) {
        for (Manifest m : foreign) {
            LOG.warn(
                    "{} at {}: left backup {}: it is {}, not a backup of AccountBackup {}/{}",
                    deletion,
                    location.uri(),
                    m.backupId(),
                    maker(m),
                    namespace,
                    name);
        }
    }

    /** Says who made a backup this one did not, from the names in its labels (shown printable: a manifest is untrusted). */
    static String maker(Manifest manifest) {
        Map<String, String> labels = manifest.labels() == null ? Map.of() : manifest.labels();
        if (labels.containsKey(SnapshotTags.RESTORE_NAME)) {
            return "a safety copy of AccountRestore " + shown(labels, SnapshotTags.RESTORE_NAMESPACE) + "/"
                    + shown(labels, SnapshotTags.RESTORE_NAME);
        }
        if (labels.containsKey(SnapshotTags.NAME)) {
            return "made by AccountBackup " + shown(labels, SnapshotTags.NAMESPACE) + "/"
                    + shown(labels, SnapshotTags.NAME);
        }
        return "of unknown origin (no labels)";
    }

    private static String shown(Map<String, String> labels, String key) {
        return StorageKeys.printable(String.valueOf(labels.get(key)));
    }

    /** "20261126T124904Z (a safety copy of AccountRestore shop/undo), ..." for a message. */
    static String describe(List<Manifest> foreign) {
        return String.join(
                ", ",
                foreign.stream().map(m -> m.backupId() + " (" + maker(m) + ")").toList());
    }
}
