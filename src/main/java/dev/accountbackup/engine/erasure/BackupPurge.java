package dev.accountbackup.engine.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.accounts.AccountGraph;
import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.accounts.AccountRows.Keep;
import dev.accountbackup.engine.accounts.AccountRows.TableCounts;
import dev.accountbackup.engine.crypto.BackupCiphers;
import dev.accountbackup.engine.crypto.FileCipher;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.restore.BackupTableSelection;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.HashingInputStream;
import dev.accountbackup.engine.storage.StorageAccessDeniedException;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.engine.storage.StoredVersion;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the stored backups of a folder without the rows of one ledger entry's accounts. Per
 * backup: the changed table files are written under new names (compressed and encrypted as the
 * backup is), then the manifest is replaced by one listing them and recording the purge in its
 * labels (signed like every manifest), then the old files are deleted. A crash leaves the old
 * manifest with its old files, or the new manifest with its new files (plus old files that the
 * next run deletes): either way a backup that verifies. In a versioned bucket the replaced versions are
 * deleted by version id, so that none keeps the erased rows. Backups any of whose object versions is
 * under Object Lock (as their manifest records it, or as S3 reports it) are not touched.
 */
public final class BackupPurge {

    private static final Logger LOG = LoggerFactory.getLogger(BackupPurge.class);

    /** Manifest label recording a purge: {@code accountbackup.dev/purged.<entry id>} = {@code <time> <table>=<rows>,...}. */
    public static final String LABEL_PREFIX = "accountbackup.dev/purged.";

    private final BackupLocation location;
    private final Clock clock;

    public BackupPurge(BackupLocation location, Clock clock) {
        this.location = location;
        this.clock = clock;
    }

    /** Purges every usable backup of the folder; one backup failing does not stop the others. */
    public List<PurgeOutcome> purge(ErasureEntry entry, ErasureHasher hasher) {
        List<PurgeOutcome> outcomes = new ArrayList<>();
        for (Manifest manifest : location.list()) {
            try {
                outcomes.add(purge(manifest, entry, hasher));
            } catch (BackupException e) {
                LOG.warn("purging backup {} failed: {}", manifest.backupId(), e.getMessage());
                outcomes.add(PurgeOutcome.failed(manifest.backupId(), e.getMessage()));
            }
        }
        return outcomes;
    }

    /**
     * Purges one backup of the folder.
     *
     * @throws BackupException when it cannot be read, checked or rewritten (the backup is then intact)
     */
    public PurgeOutcome purge(Manifest manifest, ErasureEntry entry, ErasureHasher hasher) {
        String id = manifest.backupId();
        String label = LABEL_PREFIX + entry.id();
        if (manifest.labels() != null && manifest.labels().containsKey(label)) {
            // a run cut short (or refused by S3) after the new manifest leaves replaced versions behind
            return deleteReplaced(manifest).orElse(new PurgeOutcome(id, PurgeOutcome.State.ALREADY_PURGED));
        }
        if (!holds(manifest, entry.root())) {
            return new PurgeOutcome(id, PurgeOutcome.State.NOT_AFFECTED);
        }
        AccountGraph graph = AccountGraph.of(manifest, entry.root());
        ErasedKeys erased = new ErasedKeys(Set.copyOf(entry.keyHashes()), hasher);
        Map<TableEntry, Long> selected = scan(manifest, graph, erased);
        if (selected.values().stream().allMatch(n -> n == 0)) {
            return new PurgeOutcome(id, PurgeOutcome.State.NOT_AFFECTED);
        }
        Optional<BackupHold> hold = BackupHold.read(location, manifest, clock.instant());
        if (hold.isPresent()) {
            return PurgeOutcome.locked(id, hold.get());
        }
        Map<TableEntry, TableEntry> rewritten = rewrite(manifest, graph, erased, selected, entry.id());
        Map<String, Long> removed = new TreeMap<>();
        selected.forEach((t, n) -> {
            if (n > 0) {
                removed.put(t.displayName(), n);
            }
        });
        Map<String, String> labels = new LinkedHashMap<>(manifest.labels() == null ? Map.of() : manifest.labels());
        labels.put(
                label,
                clock.instant() + " "
                        + String.join(
                                ",",
                                removed.entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .toList()));
        List<TableEntry> tables = manifest.tables().stream()
                .map(t -> rewritten.getOrDefault(t, t))
                .toList();
        Manifest purged = new Manifest(
                manifest.formatVersion(),
                id,
                manifest.startedAt(),
                manifest.completedAt(),
                manifest.source(),
                manifest.compression(),
                labels,
                tables,
                manifest.objectLock(),
                manifest.encryption(),
                manifest.accounts());
        location.writeManifest(purged);
        Optional<PurgeOutcome> leftOver = deleteReplaced(purged);
        if (leftOver.isPresent()) {
            return leftOver.get();
        }
        LOG.info("purged backup {} of the accounts of erasure {}", id, entry.id());
        return new PurgeOutcome(id, PurgeOutcome.State.PURGED, null, removed, null, false);
    }

    private static boolean holds(Manifest manifest, String root) {
        try {
            BackupTableSelection.choose(manifest, List.of(root));
            return true;
        } catch (BackupException e) {
            return false;
        }
    }

    /** The erased accounts' rows per table of the graph, without writing anything. */
    private Map<TableEntry, Long> scan(Manifest manifest, AccountGraph graph, ErasedKeys erased) {
        AccountRows rows = new AccountRows(graph, erased);
        Map<TableEntry, Long> selected = new LinkedHashMap<>();
        FileCipher cipher = BackupCiphers.forReading(manifest, location.keyring());
        for (AccountGraph.Member m : graph.members()) {
            TableEntry t = m.table();
            try (InputStream stored = open(manifest, t);
                    HashingInputStream hashed = new HashingInputStream(stored)) {
                rows.scan(t, decode(manifest, cipher, t, hashed), (line, off, len, accounts) -> {});
                hashed.drain();
                check(manifest, t, hashed);
            } catch (IOException e) {
                throw damaged(manifest, t, e);
            }
            selected.put(t, rows.counts(t).selectedRows());
        }
        return selected;
    }

    private Map<TableEntry, TableEntry> rewrite(
            Manifest manifest, AccountGraph graph, ErasedKeys erased, Map<TableEntry, Long> selected, String entryId) {
        AccountRows rows = new AccountRows(graph, erased);
        FileCipher cipher = BackupCiphers.forReading(manifest, location.keyring());
        Compression compression = compression(manifest, manifest.tables().get(0));
        Map<TableEntry, TableEntry> rewritten = new HashMap<>();
        for (AccountGraph.Member m : graph.members()) {
            TableEntry t = m.table();
            try (InputStream stored = open(manifest, t);
                    HashingInputStream hashed = new HashingInputStream(stored)) {
                InputStream decoded = decode(manifest, cipher, t, hashed);
                if (selected.get(t) == 0) {
                    rows.scan(t, decoded, (line, off, len, accounts) -> {}); // its keys still lead to its children
                    continue;
                }
                String file = newFileName(t.file(), entryId);
                Written w = write(manifest, cipher, compression, file, rows.filter(t, decoded, Keep.UNSELECTED));
                hashed.drain();
                check(manifest, t, hashed);
                TableCounts counts = rows.counts(t);
                rewritten.put(
                        t,
                        new TableEntry(
                                t.schema(),
                                t.name(),
                                file,
                                counts.rows() - counts.selectedRows(),
                                w.bytes(),
                                w.sha256(),
                                t.primaryKey(),
                                t.columns(),
                                t.foreignKeys()));
            } catch (IOException e) {
                throw damaged(manifest, t, e);
            }
        }
        return rewritten;
    }

    /** {@code 001-public.users.jsonl.zst} becomes {@code 001-public.users.e-<id>.jsonl.zst}: never the name of the file it replaces. */
    static String newFileName(String old, String entryId) {
        int jsonl = old.indexOf(".jsonl");
        String base = jsonl < 0 ? old : old.substring(0, jsonl);
        String suffix = jsonl < 0 ? "" : old.substring(jsonl);
        int earlier = base.indexOf(".e-");
        return (earlier < 0 ? base : base.substring(0, earlier)) + "." + entryId + suffix;
    }

    private record Written(long bytes, String sha256) {}

    private Written write(Manifest manifest, FileCipher cipher, Compression compression, String file, InputStream rows)
            throws IOException {
        BackupStore store = location.store();
        String key = location.key(manifest.backupId(), file);
        StoreOutput out = store.create(key);
        boolean committed = false;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long[] bytes = {0};
            OutputStream counted = new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    bytes[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytes[0] += len;
                }

                @Override
                public void close() {
                    // the store output is committed below, only once everything was written
                }
            };
            OutputStream stored = new DigestOutputStream(counted, sha256);
            OutputStream encrypted = cipher == null ? stored : cipher.encrypt(stored, manifest.backupId(), file);
            try (OutputStream compressed = compression.compress(encrypted)) {
                rows.transferTo(compressed);
            }
            out.close();
            committed = true;
            return new Written(bytes[0], HexFormat.of().formatHex(sha256.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        } finally {
            if (!committed) {
                out.abort();
            }
        }
    }

    /**
     * Deletes for good what the manifest replaced: every version of the table files it no longer lists,
     * and the noncurrent versions of the files it keeps (its own earlier versions among them), by version
     * id, so that no noncurrent version of a versioned bucket keeps the erased rows. Versions S3 refuses to
     * delete are reported: locked with S3's own lock on them, or failed; the manifest and the files it
     * lists stay a backup that verifies.
     *
     * @return empty when nothing replaced is left
     */
    private Optional<PurgeOutcome> deleteReplaced(Manifest manifest) {
        String id = manifest.backupId();
        Set<String> listed = new HashSet<>();
        listed.add(location.key(id, Manifest.FILE_NAME));
        manifest.tables().forEach(t -> listed.add(location.key(id, t.file())));
        BackupStore store = location.store();
        List<StoredVersion> refused = new ArrayList<>();
        String lastRefusal = null;
        try {
            for (StoredVersion v : store.versions(location.key(id, ""))) {
                boolean replacedFile = !listed.contains(v.key()) && v.key().contains(".jsonl");
                boolean replacedVersion = listed.contains(v.key()) && !v.latest();
                if (!replacedFile && !replacedVersion) {
                    continue;
                }
                try {
                    store.delete(v);
                } catch (StorageAccessDeniedException e) {
                    refused.add(v);
                    lastRefusal = e.getMessage();
                }
            }
            if (refused.isEmpty()) {
                return Optional.empty();
            }
            LOG.warn("S3 refused to delete {} replaced object version(s) of backup {}", refused.size(), id);
            Optional<BackupHold> hold = BackupHold.onAll(store, refused, clock.instant());
            if (hold.isPresent()) {
                return Optional.of(PurgeOutcome.locked(id, hold.get()));
            }
        } catch (IOException e) {
            throw BackupLocation.storageError("deleting the replaced files of " + location.uri(id), e);
        }
        return Optional.of(PurgeOutcome.failed(
                id,
                lastRefusal + "; the backup's current files are purged, but " + refused.size()
                        + " replaced version(s) still hold the erased rows: purge again once S3 allows deleting them"));
    }

    private InputStream open(Manifest manifest, TableEntry t) throws IOException {
        return location.store().open(location.key(manifest.backupId(), t.file()));
    }

    private static InputStream decode(Manifest manifest, FileCipher cipher, TableEntry t, InputStream stored)
            throws IOException {
        InputStream plain = cipher == null ? stored : cipher.decrypt(stored, manifest.backupId(), t.file());
        return compression(manifest, t).decompress(plain);
    }

    private static Compression compression(Manifest manifest, TableEntry t) {
        if (manifest.compression() != null) {
            return manifest.compression();
        }
        return t.file().endsWith(Compression.GZIP.suffix()) ? Compression.GZIP : Compression.ZSTD;
    }

    private void check(Manifest manifest, TableEntry t, HashingInputStream read) {
        if (read.count() != t.bytes() || t.sha256() == null || !t.sha256().equalsIgnoreCase(read.sha256())) {
            throw new BackupException(
                    Kind.CORRUPT,
                    "backup " + manifest.backupId() + " is damaged: the file of table " + t.displayName()
                            + " does not match its manifest; it was not purged");
        }
    }

    private BackupException damaged(Manifest manifest, TableEntry t, IOException e) {
        if (e instanceof FileCipher.DecryptionException) {
            return new BackupException(
                    Kind.CORRUPT,
                    "backup " + manifest.backupId() + ": the file of table " + t.displayName()
                            + " does not decrypt; it was not purged");
        }
        return BackupLocation.storageError("purging " + location.uri(manifest.backupId()), e);
    }

    /** The rows a purge removed per table, as the manifest records them. */
    public static Map<String, Long> rowsRemoved(String labelValue) {
        Map<String, Long> rows = new TreeMap<>();
        int space = labelValue.indexOf(' ');
        if (space < 0) {
            return rows;
        }
        for (String pair : labelValue.substring(space + 1).split(",")) {
            int eq = pair.lastIndexOf('=');
            if (eq > 0) {
                try {
                    rows.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // a label not written by a purge: its counts are unknown
                }
            }
        }
        return rows;
    }

    /** When the purge ran, as the manifest records it. */
    public static Instant purgedAt(String labelValue) {
        return Instant.parse(
                labelValue.substring(0, labelValue.indexOf(' ') < 0 ? labelValue.length() : labelValue.indexOf(' ')));
    }
}
