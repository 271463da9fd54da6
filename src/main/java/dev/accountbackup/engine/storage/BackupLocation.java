package dev.accountbackup.engine.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.crypto.Keyring;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.signing.SignatureCheck;
import dev.accountbackup.engine.signing.SigningKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of backups in a store: the folder {@code <path>/<backup id>/} of each backup of one
 * AccountBackup (or of one command-line target). The manifests in storage are the catalog:
 * a backup is listed only once its manifest exists. Every manifest is read and written here, so
 * this is where signatures are made and checked ({@link #withSigning}) and where a manifest's
 * size is capped: storage is not trusted.
 */
public final class BackupLocation {

    private static final Logger LOG = LoggerFactory.getLogger(BackupLocation.class);

    /** How far in the future a backup may claim to start before it is suspect: clocks of hosts differ a little. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final BackupStore store;
    private final String path;
    private final ManifestSigner signer;
    private final Clock clock;
    private final Keyring keyring;

    /** @param path folder below the store root, without leading or trailing '/'; empty for the root itself */
    public BackupLocation(BackupStore store, String path) {
        this(store, path, new ManifestSigner(null), Clock.systemUTC(), null);
    }

    private BackupLocation(BackupStore store, String path, ManifestSigner signer, Clock clock, Keyring keyring) {
        this.store = store;
        this.path = trimSlashes(path);
        this.signer = signer;
        this.clock = clock;
        this.keyring = keyring;
    }

    /** This set with manifests signed and checked with these keys; null for none (unsigned, as before signing existed). */
    public BackupLocation withSigning(SigningKeys keys) {
        return new BackupLocation(store, path, new ManifestSigner(keys), clock, keyring);
    }

    /** This set judging "in the future" by another clock. */
    public BackupLocation withClock(Clock otherClock) {
        return new BackupLocation(store, path, signer, otherClock, keyring);
    }

    /** The same set, whose new backups are encrypted with keys from {@code keyring} and whose encrypted backups it opens. */
    public BackupLocation withKeyring(Keyring otherKeyring) {
        return new BackupLocation(store, path, signer, clock, otherKeyring);
    }

    /** Whether signing keys are configured, so that unsigned backups are refused. */
    public boolean checksSignatures() {
        return signer.hasKeys();
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
        return elsewhere(store, otherPath);
    }

    /** A set in another store signed, checked and encrypted the same way, e.g. for the safety copies of a command-line restore. */
    public BackupLocation elsewhere(BackupStore otherStore, String otherPath) {
        return new BackupLocation(otherStore, otherPath, signer, clock, keyring);
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

    /** The complete backups of this set that may be used, newest first; the others are logged and left out. */
    public List<Manifest> list() {
        List<Manifest> usable = new ArrayList<>();
        for (StoredBackup b : catalog()) {
            if (b.usable()) {
                usable.add(b.manifest());
            } else {
                LOG.warn("not listing backup {} at {}: {}", b.backupId(), uri(), b.problem());
            }
        }
        return usable;
    }

    /**
     * Every manifest of this set, newest first, each with the reason it cannot be used if there is
     * one: unreadable, larger than {@link ManifestJson#MAX_BYTES}, not describing its folder, not
     * signed by a configured key, without a start time, or started in the future.
     */
    public List<StoredBackup> catalog() {
        List<StoredBackup> found = new ArrayList<>();
        try {
            for (StoredObject o : store.list(prefix())) {
                String rest = o.key().substring(prefix().length());
                int slash = rest.indexOf('/');
                if (slash > 0 && rest.substring(slash + 1).equals(Manifest.FILE_NAME)) {
                    found.add(inspect(rest.substring(0, slash), o.size()));
                }
            }
        } catch (IOException e) {
            throw storageError("listing " + uri(), e);
        }
        found.sort(Comparator.comparing(
                        (StoredBackup b) -> b.manifest() == null || b.manifest().startedAt() == null
                                ? Instant.MIN
                                : b.manifest().startedAt())
                .thenComparing(StoredBackup::backupId)
                .reversed());
        return found;
    }

    private StoredBackup inspect(String backupId, long manifestSize) {
        if (manifestSize > ManifestJson.MAX_BYTES) {
            return new StoredBackup(backupId, null, null, tooLarge(store.uri(key(backupId, Manifest.FILE_NAME))));
        }
        StoredBackup read;
        try {
            read = load(backupId);
        } catch (BackupException e) {
            if (e.retryable()) {
                throw e;
            }
            return new StoredBackup(backupId, null, null, e.getMessage());
        }
        if (!read.usable()) {
            return read;
        }
        Manifest m = read.manifest();
        if (m.startedAt() == null) {
            return new StoredBackup(backupId, m, read.signature(), "its manifest has no start time");
        }
        Instant latestPossible = clock.instant().plus(CLOCK_SKEW);
        Instant idTime = BackupIds.timeOf(backupId).orElse(Instant.MIN);
        if (m.startedAt().isAfter(latestPossible) || idTime.isAfter(latestPossible)) {
            return new StoredBackup(
                    backupId,
                    m,
                    read.signature(),
                    "it claims to start in the future (id " + backupId + ", started " + m.startedAt()
                            + "), so it is never taken as the latest backup; restore it by id if it is genuine");
        }
        return read;
    }

    /** The manifest of a backup; a clear error when the backup does not exist, is incomplete or is refused. */
    public Manifest readManifest(String backupId) {
        return read(backupId).manifest();
    }

    /**
     * Reads and checks a manifest: at most {@link ManifestJson#MAX_BYTES}, describing this folder's
     * backup, and signed by a configured key when keys are configured.
     */
    public StoredBackup read(String backupId) {
        StoredBackup loaded = load(backupId);
        if (!loaded.usable()) {
            throw new BackupException(
                    Kind.UNTRUSTED,
                    "backup " + backupId + " at " + uri() + ": " + loaded.problem()
                            + ". Use a backup signed with a configured key");
        }
        return loaded;
    }

    /** As {@link #read}, but a manifest not signed by a configured key comes back with the reason instead of failing. */
    private StoredBackup load(String backupId) {
        String key = key(backupId, Manifest.FILE_NAME);
        String where = store.uri(key);
        byte[] json;
        try (InputStream in = store.open(key)) {
            json = in.readNBytes(ManifestJson.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw BackupException.invalid("backup " + backupId + " not found at " + uri() + " (no " + Manifest.FILE_NAME
                    + ": it does not exist or never completed)");
        } catch (IOException e) {
            throw storageError("reading " + where, e);
        }
        if (json.length > ManifestJson.MAX_BYTES) {
            throw BackupException.invalid(tooLarge(where));
        }
        ObjectNode tree = ManifestJson.readTree(json, where);
        SignatureCheck signature = signer.check(tree);
        if (!signature.trusted()) {
            // not parsed any further: nothing in it can be believed
            return new StoredBackup(
                    backupId, null, signature, signature.describe() + "; refused: it may have been changed or forged");
        }
        Manifest manifest = ManifestJson.fromTree(tree, where);
        if (!backupId.equals(manifest.backupId())) {
            throw new BackupException(
                    Kind.CORRUPT,
                    "the manifest in " + uri(backupId) + " describes backup " + manifest.backupId() + ", not "
                            + backupId + ": it was copied or moved there; refused");
        }
        return new StoredBackup(backupId, manifest, signature, null);
    }

    /** The backup with this id, or the newest usable one for {@code null}, "" or "latest". */
    public Manifest resolve(String backupIdOrLatest) {
        return resolveStored(backupIdOrLatest).manifest();
    }

    /** As {@link #resolve}, with what the signature says. */
    public StoredBackup resolveStored(String backupIdOrLatest) {
        if (backupIdOrLatest == null || backupIdOrLatest.isBlank() || backupIdOrLatest.equals("latest")) {
            List<StoredBackup> all = catalog();
            return all.stream()
                    .filter(StoredBackup::usable)
                    .findFirst()
                    .orElseThrow(() -> BackupException.invalid("no complete backup found at " + uri()
                            + all.stream()
                                    .map(b -> "; not used: backup " + b.backupId() + ": " + b.problem())
                                    .collect(Collectors.joining())));
        }
        return read(backupIdOrLatest);
    }

    /** Writes a manifest, signed with the current key when keys are configured. */
    public void writeManifest(Manifest manifest) {
        String key = key(manifest.backupId(), Manifest.FILE_NAME);
        StoreOutput out = null;
        boolean written = false;
        try {
            // the manifest is locked like the files it vouches for
            out = store.create(key, manifest.objectLock());
            ObjectNode tree = ManifestJson.toTree(manifest);
            signer.sign(tree);
            out.write(ManifestJson.write(tree));
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
     * Writes a small JSON document into this folder (e.g. a run's report), signed with the current key like a manifest
     * when keys are configured; {@code name} is a file name below the folder.
     */
    public void writeDocument(String name, ObjectNode document) {
        String key = prefix() + name;
        StoreOutput out = null;
        boolean written = false;
        try {
            out = store.create(key);
            ObjectNode tree = document.deepCopy();
            signer.sign(tree);
            out.write(ManifestJson.write(tree));
            out.close();
            written = true;
        } catch (IOException e) {
            throw storageError("writing " + store.uri(key), e);
        } finally {
            if (out != null && !written) {
                out.abort();
            }
        }
    }

    /**
     * Reads a document written by {@link #writeDocument}: at most {@code maxBytes}, and refused unless signed by a
     * configured key when keys are configured. Empty when there is none.
     */
    public java.util.Optional<ObjectNode> readDocument(String name, int maxBytes) {
        String key = prefix() + name;
        String where = store.uri(key);
        byte[] json;
        try (InputStream in = store.open(key)) {
            json = in.readNBytes(maxBytes + 1);
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw storageError("reading " + where, e);
        }
        if (json.length > maxBytes) {
            throw new BackupException(
                    Kind.CORRUPT,
                    where + " is larger than " + maxBytes / 1024 + " KiB: not a document this tool wrote");
        }
        ObjectNode tree = ManifestJson.readTree(json, where);
        SignatureCheck signature = signer.check(tree);
        if (!signature.trusted()) {
            throw new BackupException(
                    Kind.UNTRUSTED,
                    where + ": " + signature.describe() + "; refused: it may have been changed or forged");
        }
        tree.remove(ManifestSigner.FIELD);
        return java.util.Optional.of(tree);
    }

    /** Deletes a document of this folder; deleting a missing one is not an error. */
    public void deleteDocument(String name) {
        String key = prefix() + name;
        try {
            store.delete(key);
        } catch (IOException e) {
            throw storageError("deleting " + store.uri(key), e);
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

    private static String tooLarge(String where) {
        return "manifest " + where + " is larger than " + ManifestJson.MAX_BYTES / (1024 * 1024)
                + " MiB, far more than any backup needs: it is not a manifest this operator wrote; refused";
    }

    private String prefix() {
        return path.isEmpty() ? "" : path + "/";
    }

    public static BackupException storageError(String what, IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Kind kind = e instanceof StorageAccessDeniedException ? Kind.STORAGE_DENIED : Kind.STORAGE;
        return new BackupException(kind, what + " failed: " + detail, e);
    }

    public static String trimSlashes(String p) {
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
