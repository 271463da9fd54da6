package dev.accountbackup.engine.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.QualifiedName;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The erasure ledger of a folder of backups: {@code <folder>/_erasures/<entry id>.json}, one file
 * per erasure request, written once and never rewritten. Each file holds its entry, the SHA-256 of
 * the entry's canonical JSON, and a signature when signing keys are configured (the same keys and
 * scheme as manifests). Reading the ledger checks every file: one that fails is a failure, never
 * skipped, because a ledger missing an entry would let an erased person be restored.
 */
public final class ErasureLedger {

    public static final String FOLDER = "_erasures";
    public static final String FORMAT = "account-backup-erasure/1";
    /** Far more than an entry of {@link dev.accountbackup.engine.accounts.AccountSelection#MAX_KEYS} hashes needs. */
    static final int MAX_FILE_BYTES = 2 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILE = Pattern.compile("e-[0-9a-f]{24}\\.json");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final String REFUSAL =
            "; no restore runs until the ledger is repaired from its source or the restore says ignoreErasures";

    private final BackupStore store;
    private final String prefix;
    private final ManifestSigner signer;
    private final SealedJsonFiles files;
    private final Clock clock;
    private final List<StoredObject> listing;

    /**
     * @param folder the folder the ledger sits in, below the store root ({@code <namespace>} for the
     *               operator, the backup folder for the command line)
     * @param signer signs and checks as the backups beside it are ({@link BackupLocation#signer()})
     */
    public ErasureLedger(BackupStore store, String folder, ManifestSigner signer, Clock clock) {
        this(store, prefixOf(folder), signer, clock, null);
    }

    private ErasureLedger(
            BackupStore store, String prefix, ManifestSigner signer, Clock clock, List<StoredObject> listing) {
        this.store = store;
        this.prefix = prefix;
        this.signer = signer;
        this.files = new SealedJsonFiles(
                store, signer, JSON, "erasure ledger file", FORMAT, "entry", MAX_FILE_BYTES, REFUSAL);
        this.clock = clock;
        this.listing = listing == null ? null : List.copyOf(listing);
    }

    private static String prefixOf(String folder) {
        String trimmed = BackupLocation.trimSlashes(folder);
        return (trimmed.isEmpty() ? "" : trimmed + "/") + FOLDER + "/";
    }

    /**
     * This ledger, read (entries and restore records alike) from {@code objects}, a listing of its folder the caller
     * took once, rather than listed again at every read: for a command that reads the ledger once and exits.
     */
    public ErasureLedger listedAs(List<StoredObject> objects) {
        return new ErasureLedger(store, prefix, signer, clock, objects);
    }

    public String uri() {
        return store.uri(prefix);
    }

    /**
     * Records an erasure; recording the same request again (same root, keys and reference) returns
     * the entry written the first time and writes nothing.
     */
    public Appended append(String root, List<String> keyHashes, String reference, String keyCheck) {
        QualifiedName.parse(root);
        List<String> sorted = keyHashes.stream().distinct().sorted().toList();
        String id = idOf(root, sorted, reference);
        String key = prefix + id + ".json";
        try {
            if (store.exists(key)) {
                return new Appended(readEntry(new StoredObject(key, 0)), false);
            }
        } catch (IOException e) {
            throw BackupLocation.storageError("reading " + store.uri(key), e);
        }
        ErasureEntry entry = new ErasureEntry(id, root, sorted, clock.instant(), reference, keyCheck);
        write(key, entry);
        return new Appended(entry, true);
    }

    /** An entry and whether this call wrote it. */
    public record Appended(ErasureEntry entry, boolean written) {}

    /**
     * Every entry, oldest first, each file checked.
     *
     * @throws BackupException CORRUPT or UNTRUSTED for a file that fails a check, STORAGE when storage fails
     */
    public LedgerState read() {
        List<StoredObject> objects;
        try {
            objects = listing != null ? listing : store.list(prefix);
        } catch (IOException e) {
            throw BackupLocation.storageError("listing the erasure ledger " + uri(), e);
        }
        List<ErasureEntry> entries = new ArrayList<>();
        for (StoredObject o : objects) {
            String name = o.key().substring(prefix.length());
            if (name.startsWith(RestoreRecords.FOLDER + "/")) {
                continue; // the restores' records, beside the entries
            }
            if (!name.endsWith(".json")) {
                continue; // not an entry: a store's temporary file
            }
            if (!FILE.matcher(name).matches()) {
                throw corrupt(store.uri(o.key()), "its name is not that of a ledger entry");
            }
            entries.add(readEntry(o));
        }
        entries.sort(Comparator.comparing(ErasureEntry::erasedAt).thenComparing(ErasureEntry::id));
        return LedgerState.of(entries);
    }

    private ErasureEntry readEntry(StoredObject object) {
        String where = store.uri(object.key());
        JsonNode entryNode = files.read(object.key());
        ErasureEntry entry = parse(entryNode, where);
        String name = object.key().substring(object.key().lastIndexOf('/') + 1);
        if (!name.equals(entry.id() + ".json")
                || !entry.id().equals(idOf(entry.root(), entry.keyHashes(), entry.reference()))) {
            throw corrupt(where, "its id does not match its content or its file name");
        }
        return entry;
    }

    private static ErasureEntry parse(JsonNode node, String where) {
        try {
            List<String> hashes = new ArrayList<>();
            JsonNode array = node.get("keyHashes");
            if (array == null || !array.isArray() || array.isEmpty()) {
                throw corrupt(where, "it lists no account");
            }
            for (JsonNode h : array) {
                if (!h.isTextual() || !HASH.matcher(h.asText()).matches()) {
                    throw corrupt(where, "it holds a key hash that is not a SHA-256 in hex");
                }
                hashes.add(h.asText());
            }
            String root = node.path("root").asText();
            QualifiedName.parse(root);
            return new ErasureEntry(
                    node.path("id").asText(),
                    root,
                    hashes,
                    Instant.parse(node.path("erasedAt").asText()),
                    node.path("reference").asText(""),
                    node.path("keyCheck").asText(""));
        } catch (DateTimeParseException | BackupException e) {
            if (e instanceof BackupException b && b.kind() == Kind.CORRUPT) {
                throw b;
            }
            throw corrupt(where, "its root table or time cannot be read");
        }
    }

    private void write(String key, ErasureEntry entry) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", entry.id());
        e.put("root", entry.root());
        ArrayNode hashes = e.putArray("keyHashes");
        entry.keyHashes().forEach(hashes::add);
        e.put("erasedAt", entry.erasedAt().toString());
        e.put("reference", entry.reference());
        e.put("keyCheck", entry.keyCheck());
        files.write(key, e);
    }

    /** The entry id: a hash of what the request is, so that the same request maps to the same file. */
    static String idOf(String root, List<String> sortedHashes, String reference) {
        String content = root + "\n" + (reference == null ? "" : reference) + "\n" + String.join(",", sortedHashes);
        return "e-" + sha256(content.getBytes(StandardCharsets.UTF_8)).substring(0, 24);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }

    private static BackupException corrupt(String where, String what) {
        return new BackupException(
                Kind.CORRUPT, "erasure ledger file " + where + " fails its check (" + what + ")" + REFUSAL);
    }

    /** The records of the restores that applied (or ignored) this ledger: {@code _erasures/restores/}. */
    public RestoreRecords restoreRecords() {
        return new RestoreRecords(
                store, prefix + RestoreRecords.FOLDER + "/", signer, clock, listing, RestoreRecords.MAX_FILES);
    }

    /** The entry with this id, if the ledger holds it. */
    public Optional<ErasureEntry> find(String id) {
        return read().entries().stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
