package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.crypto.Keyring;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of backups in a store: the folder {@code <path>/<backup id>/} of each backup of one
 * AccountBackup (or of one command-line target). The manifests in storage are the catalog:
 * a backup is listed only once its manifest exists.
 */
public final class BackupLocation {

    private static final Logger LOG = LoggerFactory.getLogger(BackupLocation.class);

    private final BackupStore store;
    private final String path;
    private final Keyring keyring;

    /** @param path folder below the store root, without leading or trailing '/'; empty for the root itself */
    public BackupLocation(BackupStore store, String path) {
        this(store, path, null);
    }

    private BackupLocation(BackupStore store, String path, Keyring keyring) {
        this.store = store;
        this.path = trimSlashes(path);
        this.keyring = keyring;
    }

    /** The same set, whose new backups are encrypted with keys from {@code keyring} and whose encrypted backups it opens. */
    public BackupLocation withKeyring(Keyring keyring) {
        return new BackupLocation(store, path, keyring);
    }

    /** The keys of this set; null when its backups are not encrypted. */
    public Keyring keyring() {
        return keyring;
    }

    public BackupStore store() {
        return store;
    }

    public String path() {
        return path;
    }

    /** A sibling set in the same store with the same keys, e.g. for the safety copies of a restore. */
    public BackupLocation sibling(String otherPath) {
        return new BackupLocation(store, otherPath, keyring);
    }

    /** Key of a file of a backup, relative to the store root. */
    public String key(String backupId, String fileName) {
        return prefix() + backupId + "/" + fileName;
    }

    /** URI of this set, or of one backup in it. */
    public String uri() {
        return store.uri(path);
    }

    public String uri(String backupId) {
        return store.uri(prefix() + backupId);
    }

    public boolean hasFiles(String backupId) {
        try {
            return !store.list(prefix() + backupId + "/").isEmpty();
        } catch (IOException e) {
            throw storageError("listing " + uri(backupId), e);
        }
    }

    public List<StoredObject> files(String backupId) {
        try {
            return store.list(prefix() + backupId + "/");
        } catch (IOException e) {
            throw storageError("listing " + uri(backupId), e);
        }
    }

    /** The complete backups of this set, newest first. */
    public List<Manifest> list() {
        List<Manifest> manifests = new ArrayList<>();
        try {
            for (StoredObject o : store.list(prefix())) {
                String rest = o.key().substring(prefix().length());
                int slash = rest.indexOf('/');
                if (slash > 0 && rest.substring(slash + 1).equals(Manifest.FILE_NAME)) {
                    String folder = rest.substring(0, slash);
                    Manifest m = readManifest(folder);
                    // a manifest copied into another folder, or without times, is not a backup of this set
                    if (folder.equals(m.backupId()) && m.startedAt() != null) {
                        manifests.add(m);
                    } else {
                        LOG.warn("ignoring {}: its manifest does not describe backup {} (id {}, started {})",
                                store.uri(o.key()), folder, m.backupId(), m.startedAt());
                    }
                }
            }
        } catch (IOException e) {
            throw storageError("listing " + uri(), e);
        }
        manifests.sort(Comparator.comparing(Manifest::startedAt).thenComparing(Manifest::backupId).reversed());
        return manifests;
    }

    /** The manifest of a backup; a clear error when the backup does not exist or is incomplete. */
    public Manifest readManifest(String backupId) {
        String key = key(backupId, Manifest.FILE_NAME);
        try (InputStream in = store.open(key)) {
            return ManifestJson.read(in.readAllBytes(), store.uri(key));
        } catch (NoSuchFileException e) {
            throw BackupException.invalid("backup " + backupId + " not found at " + uri()
                    + " (no " + Manifest.FILE_NAME + ": it does not exist or never completed)");
        } catch (IOException e) {
            throw storageError("reading " + store.uri(key), e);
        }
    }

    /** The backup with this id, or the newest one for {@code null}, "" or "latest". */
    public Manifest resolve(String backupIdOrLatest) {
        if (backupIdOrLatest == null || backupIdOrLatest.isBlank() || backupIdOrLatest.equals("latest")) {
            List<Manifest> all = list();
            if (all.isEmpty()) {
                throw BackupException.invalid("no complete backup found at " + uri());
            }
            return all.get(0);
        }
        return readManifest(backupIdOrLatest);
    }

    public void writeManifest(Manifest manifest) {
        String key = key(manifest.backupId(), Manifest.FILE_NAME);
        StoreOutput out = null;
        boolean written = false;
        try {
            // the manifest is locked like the files it vouches for
            out = store.create(key, manifest.objectLock());
            out.write(ManifestJson.write(manifest));
            out.close();
            written = true;
        } catch (IOException e) {
            throw storageError("writing " + store.uri(key), e);
        } finally {
            if (out != null && !written) {
                out.abort(); // whatever the failure, no upload is left open
            }
        }
    }

    /**
     * Deletes a backup: the manifest first, so that a backup half deleted is never listed as
     * complete, then its files, then what writes cut short left in its folder (see
     * {@link BackupStore#discardUnfinished}). Only for a backup that nothing writes to any more.
     *
     * @return whether there was anything besides the manifest to delete
     */
    public boolean delete(String backupId) {
        String folder = prefix() + backupId + "/";
        try {
            store.delete(key(backupId, Manifest.FILE_NAME));
            List<StoredObject> files = store.list(folder);
            for (StoredObject o : files) {
                store.delete(o.key());
            }
            return store.discardUnfinished(folder) > 0 || !files.isEmpty();
        } catch (IOException e) {
            throw storageError("deleting " + uri(backupId), e);
        }
    }

    /** Discards what writes cut short left anywhere in this set; for a set that nothing writes to any more. */
    public void discardUnfinished() {
        try {
            store.discardUnfinished(prefix());
        } catch (IOException e) {
            throw storageError("removing the unfinished files in " + uri(), e);
        }
    }

    private String prefix() {
        return path.isEmpty() ? "" : path + "/";
    }

    public static BackupException storageError(String what, IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Kind kind = e instanceof StorageAccessDeniedException ? Kind.STORAGE_DENIED : Kind.STORAGE;
        return new BackupException(kind, what + " failed: " + detail, e);
    }

    static String trimSlashes(String p) {
        String s = p == null ? "" : p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
