package dev.accountbackup.engine.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoredObject;
import java.io.IOException;
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
    private final SealedJsonFiles files;
    private final Clock clock;

    RestoreRecords(BackupStore store, String prefix, ManifestSigner signer, Clock clock) {
        this.store = store;
        this.prefix = prefix;
        this.files = new SealedJsonFiles(store, signer, JSON, "restore record", FORMAT, "restore", MAX_FILE_BYTES, "");
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
        files.write(prefix + id + ".json", JSON.valueToTree(record));
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
                throw files.corrupt(store.uri(o.key()), "its name is not that of a restore record");
            }
            records.add(read(o.key(), name.substring(0, name.length() - ".json".length())));
        }
        records.sort(Comparator.comparing(RestoreRecord::restoredAt).thenComparing(RestoreRecord::id));
        return records;
    }

    private RestoreRecord read(String key, String id) {
        JsonNode body = files.read(key);
        try {
            RestoreRecord record = JSON.treeToValue(body, RestoreRecord.class);
            if (!id.equals(record.id()) || record.restoredAt() == null) {
                throw files.corrupt(store.uri(key), "its id does not match its file name, or it has no time");
            }
            return record;
        } catch (IOException | IllegalArgumentException e) {
            throw files.corrupt(store.uri(key), "it cannot be read as a restore record");
        }
    }
}
