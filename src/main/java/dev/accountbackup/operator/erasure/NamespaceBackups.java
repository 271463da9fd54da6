package dev.accountbackup.operator.erasure;

import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoredObject;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

/**
 * The backup sets of one namespace in a store: every folder below {@code <namespace>/} that holds backup id folders
 * with manifests (each AccountBackup's {@code <namespace>/<name>}, each restore's safety copies
 * {@code <namespace>/_restores/<name>}). Nothing outside the namespace's folder is ever listed.
 */
final class NamespaceBackups {

    private NamespaceBackups() {}

    /** @return folders below the store root, e.g. {@code shop/nightly}, sorted */
    static List<String> folders(BackupStore store, String namespace) {
        String prefix = namespace + "/";
        String manifestSuffix = "/" + Manifest.FILE_NAME;
        TreeSet<String> folders = new TreeSet<>();
        try {
            for (StoredObject o : store.list(prefix)) {
                String key = o.key();
                if (!key.endsWith(manifestSuffix)) {
                    continue;
                }
                String backupFolder = key.substring(0, key.length() - manifestSuffix.length());
                int slash = backupFolder.lastIndexOf('/');
                String set = backupFolder.substring(0, slash);
                if (slash > prefix.length() - 1 && !set.equals(namespace + "/" + ErasureLedger.FOLDER)) {
                    folders.add(set);
                }
            }
        } catch (IOException e) {
            throw BackupLocation.storageError(
                    "listing the backups of namespace " + namespace + " at " + store.uri(prefix), e);
        }
        return List.copyOf(folders);
    }
}
