package dev.accountbackup.engine.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.signing.CanonicalJson;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.signing.SignatureCheck;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.engine.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The records of the restores a ledger's folder saw: {@code _erasures/restores/<time>-<random>.json},
 * one per restore that wrote rows, each written once with its SHA-256 and, when signing keys are
 * configured, signed like the ledger's entries. The evidence report reads them to show that no restore
 * since an erasure brought the account back.
 */
public final class RestoreRecords {

    public static final String FOLDER = "restores";
    public static final String FORMAT = "account-backup-restore-record/1";
    /** Room for the ids of some 100,000 erasures. */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper JSON = ManifestJson.mapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern FILE = Pattern.compile("\\d{8}T\\d{9}Z-[0-9a-f]{8}\\.json");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BackupStore store;
    private final String prefix;
    private final ManifestSigner signer;
    private final Clock clock;

    RestoreRecords(BackupStore store, String prefix, ManifestSigner signer, Clock clock) {
        this.store = store;
        this.prefix = prefix;
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * Writes the record of a restore, with its id and time set here.
     *
     * @throws BackupException STORAGE when it cannot be written: the restore then does not commit
     */
    public RestoreRecord append(RestoreRecord draft) {
        Instant now = clock.instant();
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String id = TIME.format(now) + "-" + HexFormat.of().formatHex(random);
        RestoreRecord record = new RestoreRecord(
                id,
                now,
                draft.origin(),
                draft.source(),
                draft.backupId(),
                draft.mode(),
                draft.accountsRestricted(),
                draft.ignoreErasures(),
                draft.ledgerVersion(),
                draft.erasuresApplied(),
                draft.ledgerTable(),
                draft.ledgerTableKeys(),
                draft.rowsWithheld());
        ObjectNode tree = JSON.createObjectNode();
        tree.put("format", FORMAT);
        JsonNode body = JSON.valueToTree(record);
        tree.set("restore", body);
        tree.put("sha256", ErasureLedger.sha256(CanonicalJson.bytes(body)));
        signer.sign(tree);
        String key = prefix + id + ".json";
        StoreOutput out = null;
        boolean written = false;
        try {
            out = store.create(key);
            out.write(JSON.writeValueAsBytes(tree));
            out.close();
            written = true;
        } catch (IOException e) {
            throw BackupLocation.storageError("writing the restore's record " + store.uri(key), e);
        } finally {
            if (out != null && !written) {
                out.abort();
            }
        }
        return record;
    }

    /**
     * Every record, oldest first, each checked.
     *
     * @throws BackupException CORRUPT or UNTRUSTED for a record that fails a check, STORAGE when storage fails
     */
    public List<RestoreRecord> read() {
        List<StoredObject> objects;
        try {
            objects = store.list(prefix);
        } catch (IOException e) {
            throw BackupLocation.storageError("listing the restore records " + store.uri(prefix), e);
        }
        List<RestoreRecord> records = new ArrayList<>();
        for (StoredObject o : objects) {
            String name = o.key().substring(prefix.length());
            if (!name.endsWith(".json")) {
                continue; // a store's temporary file
            }
            if (!FILE.matcher(name).matches()) {
                throw corrupt(store.uri(o.key()), "its name is not that of a restore record");
            }
            records.add(read(o.key(), name.substring(0, name.length() - ".json".length())));
        }
        records.sort(Comparator.comparing(RestoreRecord::restoredAt).thenComparing(RestoreRecord::id));
        return records;
    }

    private RestoreRecord read(String key, String id) {
        String where = store.uri(key);
        byte[] bytes;
        try (InputStream in = store.open(key)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw BackupLocation.storageError("reading " + where, e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw corrupt(where, "it is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
        }
        try {
            if (!(JSON.readTree(bytes) instanceof ObjectNode tree)) {
                throw corrupt(where, "it is not a JSON object");
            }
            SignatureCheck signature = signer.check(tree);
            if (!signature.trusted()) {
                throw new BackupException(
                        Kind.UNTRUSTED,
                        "restore record " + where + ": " + signature.describe()
                                + "; refused: it may have been changed or forged");
            }
            JsonNode body = tree.get("restore");
            if (!FORMAT.equals(tree.path("format").asText()) || body == null || !body.isObject()) {
                throw corrupt(where, "it is not a restore record of format " + FORMAT);
            }
            if (!ErasureLedger.sha256(CanonicalJson.bytes(body))
                    .equals(tree.path("sha256").asText())) {
                throw corrupt(where, "its SHA-256 checksum does not match its content");
            }
            RestoreRecord record = JSON.treeToValue(body, RestoreRecord.class);
            if (!id.equals(record.id()) || record.restoredAt() == null) {
                throw corrupt(where, "its id does not match its file name, or it has no time");
            }
            return record;
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(where, "it cannot be read as a restore record");
        }
    }

    private static BackupException corrupt(String where, String what) {
        return new BackupException(Kind.CORRUPT, "restore record " + where + " fails its check (" + what + ")");
    }
}
