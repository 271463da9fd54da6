package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import java.util.List;
import java.util.Map;

/**
 * Who made a stored backup, from the labels of its manifest: deletions (deletionPolicy Delete,
 * retention) remove only the backups one AccountBackup made, never a restore's safety copy, another
 * resource's backup or a backup of unknown origin that happens to lie in its folder.
 */
record BackupOwnership(String namespace, String name) {

    /** What a set of backups splits into: those this AccountBackup made, and the others, to be left alone. */
    record Split(List<Manifest> owned, List<Manifest> foreign) {
    }

    /** Whether this AccountBackup (any resource of this namespace and name, so a re-created one too) made the backup. */
    boolean made(Manifest manifest) {
        Map<String, String> labels = manifest.labels() == null ? Map.of() : manifest.labels();
        return namespace.equals(labels.get(SnapshotTags.NAMESPACE)) && name.equals(labels.get(SnapshotTags.NAME))
                && !labels.containsKey(SnapshotTags.RESTORE_NAMESPACE) && !labels.containsKey(SnapshotTags.RESTORE_NAME);
    }

    Split split(List<Manifest> backups) {
        return new Split(backups.stream().filter(this::made).toList(), backups.stream().filter(m -> !made(m)).toList());
    }

    /** Says who made a backup this one did not, for the log and the event: never any label value beyond names. */
    static String maker(Manifest manifest) {
        Map<String, String> labels = manifest.labels() == null ? Map.of() : manifest.labels();
        if (labels.containsKey(SnapshotTags.RESTORE_NAME)) {
            return "a safety copy of AccountRestore " + labels.get(SnapshotTags.RESTORE_NAMESPACE) + "/" + labels.get(SnapshotTags.RESTORE_NAME);
        }
        if (labels.containsKey(SnapshotTags.NAME)) {
            return "made by AccountBackup " + labels.get(SnapshotTags.NAMESPACE) + "/" + labels.get(SnapshotTags.NAME);
        }
        return "of unknown origin (no labels)";
    }

    /** "20261126T124904Z (a safety copy of AccountRestore shop/undo), ..." for a message. */
    static String describe(List<Manifest> foreign) {
        return String.join(", ", foreign.stream().map(m -> m.backupId() + " (" + maker(m) + ")").toList());
    }
}
