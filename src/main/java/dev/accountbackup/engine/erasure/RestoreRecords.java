package dev.accountbackup.engine.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of the restores a ledger's folder saw, in {@code _erasures/restores/}: {@code <time>-<random>.json},
 * written just before a restore commits (what it is about to apply), and {@code <same>.outcome.json}, written after
 * (committed or rolled back). A restore whose outcome file is missing may have committed: it is never counted as
 * either. Each file is written once with its SHA-256 and, when signing keys are configured, signed like the ledger's
 * entries. The evidence report reads them, one at a time, to show that no restore since an erasure brought the
 * account back.
 */
public final class RestoreRecords {

    public static final String FOLDER = "restores";
    public static final String FORMAT = "account-backup-restore-record/1";
    public static final String OUTCOME_FORMAT = "account-backup-restore-outcome/1";
    /** Room for the ids of some 100,000 erasures. */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    /** An outcome holds counts per table only. */
    static final int MAX_OUTCOME_BYTES = 256 * 1024;
    /** Far more files than restores ever recorded: a folder holding more was planted, and is read no further. */
    static final int MAX_FILES = 200_000;

    private static final Logger LOG = LoggerFactory.getLogger(RestoreRecords.class);
    private static final ObjectMapper JSON = ManifestJson.mapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String OUTCOME_SUFFIX = ".outcome.json";
    private static final Pattern FILE = Pattern.compile("(\\d{8}T\\d{9}Z-[0-9a-f]{8})(\\.outcome)?\\.json");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BackupStore store;
    private final String prefix;
    private final SealedJsonFiles records;
    private final SealedJsonFiles outcomes;
    private final Clock clock;
    private final List<StoredObject> listing;
    private final int maxFiles;

    /** @param listing the ledger folder's listing, taken once by the caller; null to list the folder at each read */
    RestoreRecords(
            BackupStore store,
            String prefix,
            ManifestSigner signer,
            Clock clock,
            List<StoredObject> listing,
            int maxFiles) {
        this.store = store;
        this.prefix = prefix;
        this.records =
                new SealedJsonFiles(store, signer, JSON, "restore record", FORMAT, "restore", MAX_FILE_BYTES, "");
        this.outcomes = new SealedJsonFiles(
                store, signer, JSON, "restore outcome", OUTCOME_FORMAT, "restoreOutcome", MAX_OUTCOME_BYTES, "");
        this.clock = clock;
        this.listing = listing;
        this.maxFiles = maxFiles;
    }

    /**
     * Writes the record of a restore about to commit, with its id and time set here; its outcome follows through the
     * returned {@link Intent}.
     *
     * @throws BackupException STORAGE when it cannot be written: the restore then does not commit
     */
    public Intent begin(RestoreRecord draft) {
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
                draft.rowsWithheld(),
                true,
                draft.erasesAfterRestore());
        records.write(prefix + id + ".json", JSON.valueToTree(record));
        return new Intent(record);
    }

    /** A restore recorded as about to commit, whose outcome is still to be written. */
    public final class Intent {

        private final RestoreRecord record;

        private Intent(RestoreRecord record) {
            this.record = record;
        }

        public RestoreRecord record() {
            return record;
        }

        /** The restore committed. */
        public void committed() {
            conclude(RestoreOutcome.Outcome.COMMITTED, null);
        }

        /** The restore committed, having withheld (or deleted) these rows, known only now. */
        public void committed(Map<String, Long> rowsWithheld) {
            conclude(RestoreOutcome.Outcome.COMMITTED, rowsWithheld);
        }

        /** The restore's transaction was rolled back: the database says so. */
        public void rolledBack() {
            conclude(RestoreOutcome.Outcome.ROLLED_BACK, null);
        }

        /**
         * Best effort: the restore is over either way, and an outcome that cannot be written leaves the record's
         * outcome unknown, which the evidence report shows as such.
         */
        private void conclude(RestoreOutcome.Outcome outcome, Map<String, Long> rowsWithheld) {
            RestoreOutcome written = new RestoreOutcome(record.id(), outcome, clock.instant(), rowsWithheld);
            try {
                outcomes.write(prefix + record.id() + OUTCOME_SUFFIX, JSON.valueToTree(written));
            } catch (BackupException e) {
                LOG.warn(
                        "the outcome of restore {} ({}) could not be recorded beside the erasure ledger, so the"
                                + " evidence report shows it as unknown: {}",
                        record.id(),
                        outcome,
                        e.getMessage());
            }
        }
    }

    /**
     * A restore's record and its outcome; {@code outcome} null when none was recorded (it may have committed).
     */
    public record Recorded(RestoreRecord record, RestoreOutcome outcome) {

        /** Rows withheld per table: the outcome's when it counted them, else the record's. */
        public Map<String, Long> rowsWithheld() {
            return outcome != null && outcome.rowsWithheld() != null ? outcome.rowsWithheld() : record.rowsWithheld();
        }
    }

    /**
     * Hands each restore to {@code each}, oldest first, one at a time (with its outcome when recorded), and each file
     * that fails a check to {@code problems}, which then is left out: the folder's listing is the only thing held.
     *
     * @throws BackupException STORAGE when storage fails
     */
    public void read(Consumer<Recorded> each, Consumer<BackupException> problems) {
        List<StoredObject> objects = objects();
        if (objects.size() > maxFiles) {
            problems.accept(new BackupException(
                    Kind.CORRUPT,
                    "the restore records " + store.uri(prefix) + " hold " + objects.size() + " files, more than the "
                            + maxFiles + " any use leaves: files were planted there; only the first " + maxFiles
                            + " were read"));
            objects = objects.subList(0, maxFiles);
        }
        RestoreRecord pending = null;
        String unreadable = null;
        // in key order a record's outcome comes right after it: <id>.json, then <id>.outcome.json
        for (StoredObject o : objects) {
            String name = o.key().substring(prefix.length());
            if (!name.endsWith(".json")) {
                continue; // a store's temporary file
            }
            Matcher file = FILE.matcher(name);
            String uri = store.uri(o.key());
            if (!file.matches()) {
                problems.accept(records.corrupt(uri, "its name is not that of a restore record or outcome"));
                continue;
            }
            String id = file.group(1);
            boolean outcome = file.group(2) != null;
            try {
                if (!outcome) {
                    if (pending != null) {
                        each.accept(new Recorded(pending, null));
                        pending = null;
                    }
                    checkSize(o, MAX_FILE_BYTES, records);
                    pending = readRecord(o.key(), id);
                } else if (pending != null && pending.id().equals(id)) {
                    RestoreRecord record = pending;
                    pending = null;
                    RestoreOutcome found;
                    try {
                        found = outcomeOf(record, o);
                    } catch (BackupException e) {
                        each.accept(new Recorded(record, null)); // an outcome that fails its checks proves nothing
                        throw e;
                    }
                    each.accept(new Recorded(record, found));
                } else if (!id.equals(unreadable)) {
                    problems.accept(
                            outcomes.corrupt(uri, "no restore record goes with it: the record may have been removed"));
                }
            } catch (BackupException e) {
                if (e.kind() == Kind.STORAGE) {
                    throw e;
                }
                unreadable = id;
                problems.accept(e);
            }
        }
        if (pending != null) {
            each.accept(new Recorded(pending, null));
        }
    }

    /**
     * Every restore, oldest first, with its outcome when recorded.
     *
     * @throws BackupException CORRUPT or UNTRUSTED for the first file that fails a check, STORAGE when storage fails
     */
    public List<Recorded> read() {
        List<Recorded> all = new ArrayList<>();
        List<BackupException> problems = new ArrayList<>();
        read(all::add, problems::add);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return all;
    }

    private List<StoredObject> objects() {
        if (listing != null) {
            return listing.stream().filter(o -> o.key().startsWith(prefix)).toList();
        }
        try {
            return store.list(prefix);
        } catch (IOException e) {
            throw BackupLocation.storageError("listing the restore records " + store.uri(prefix), e);
        }
    }

    /** Before it is opened: a planted file of a gigabyte is refused by its listed size. */
    private void checkSize(StoredObject o, int maxBytes, SealedJsonFiles files) {
        if (o.size() > maxBytes) {
            throw files.corrupt(
                    store.uri(o.key()), "it is " + o.size() + " bytes, larger than the " + maxBytes + " it may be");
        }
    }

    private RestoreRecord readRecord(String key, String id) {
        JsonNode body = records.read(key);
        RestoreRecord record;
        try {
            record = JSON.treeToValue(body, RestoreRecord.class);
        } catch (IOException | IllegalArgumentException e) {
            throw records.corrupt(store.uri(key), "it cannot be read as a restore record");
        }
        if (!id.equals(record.id()) || record.restoredAt() == null) {
            throw records.corrupt(store.uri(key), "its id does not match its file name, or it has no time");
        }
        return record;
    }

    private RestoreOutcome outcomeOf(RestoreRecord record, StoredObject o) {
        checkSize(o, MAX_OUTCOME_BYTES, outcomes);
        JsonNode body = outcomes.read(o.key());
        RestoreOutcome outcome;
        try {
            outcome = JSON.treeToValue(body, RestoreOutcome.class);
        } catch (IOException | IllegalArgumentException e) {
            throw outcomes.corrupt(store.uri(o.key()), "it cannot be read as a restore outcome");
        }
        if (!record.id().equals(outcome.id()) || outcome.outcome() == null || outcome.decidedAt() == null) {
            throw outcomes.corrupt(
                    store.uri(o.key()), "it names another restore than its file name, or has no outcome or time");
        }
        if (!record.outcomeFollows()) {
            throw outcomes.corrupt(store.uri(o.key()), "its restore record says no outcome follows it");
        }
        return outcome;
    }
}
