package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import dev.accountbackup.engine.storage.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the erasure ledger of a restore or a report is: the folder whose {@code _erasures/} the
 * namespace's erasures go to. By default the operator's layout is followed, where a namespace's
 * backups are {@code <namespace>/<backup>} and its safety copies {@code <namespace>/_restores/<name>},
 * and the ledger is {@code <namespace>/_erasures}: the nearest of {@code --from}, its parent and its
 * grandparent holding an {@code _erasures} folder, or, if none does, the namespace folder of
 * {@code --from} (its parent, the grandparent for a safety copy).
 */
final class ErasuresFromOption {

    private static final String SAFETY_FOLDER = "_restores";

    @Option(
            names = "--erasures-from",
            paramLabel = "URI",
            description = "folder holding the erasure ledger (_erasures) to apply and to record the restore in."
                    + " Default: the nearest of --from, its parent and its grandparent holding an _erasures folder;"
                    + " if none does, the namespace folder of --from as the operator lays it out (the parent of"
                    + " <namespace>/<backup>, the grandparent of a safety copy <namespace>/_restores/<name>)")
    String uri;

    /**
     * The ledger folder for backups at {@code from}, opened; the caller closes it. Each folder looked at is listed once,
     * and the ledger read from that listing: a folder of many restore records is not listed again and again.
     */
    Opened open(String from, ManifestSigner signer, Map<String, String> env) {
        if (uri != null && !uri.isBlank()) {
            BackupStore store = BackupStores.fromUri(uri, env);
            return opened(store, signer, listing(store, uri, ""));
        }
        List<String> candidates = new ArrayList<>();
        String level = trim(from);
        for (int i = 0; i < 3 && level != null; i++) {
            candidates.add(level);
            level = parent(level);
        }
        for (String candidate : candidates) {
            BackupStore store = BackupStores.fromUri(candidate, env);
            List<StoredObject> listing = listing(store, candidate, ": give --erasures-from");
            if (!listing.isEmpty()) {
                return opened(store, signer, listing);
            }
            store.close();
        }
        // no ledger yet: it goes to the namespace folder, one of the candidates, just listed empty
        String namespace = parent(trim(from));
        if (namespace != null && namespace.endsWith("/" + SAFETY_FOLDER)) {
            namespace = parent(namespace);
        }
        return opened(BackupStores.fromUri(namespace == null ? from : namespace, env), signer, List.of());
    }

    private static Opened opened(BackupStore store, ManifestSigner signer, List<StoredObject> listing) {
        return new Opened(store, new ErasureLedger(store, "", signer, Clock.systemUTC()).listedAs(listing));
    }

    record Opened(BackupStore store, ErasureLedger ledger) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    /** Everything below {@code folder}'s {@code _erasures/}: its entries and its restore records. */
    private static List<StoredObject> listing(BackupStore store, String folder, String hint) {
        try {
            return store.list(ErasureLedger.FOLDER + "/");
        } catch (IOException | BackupException e) {
            store.close();
            throw BackupException.invalid("cannot look for the erasure ledger in " + folder + " ("
                    + (e instanceof BackupException b
                            ? b.getMessage()
                            : e.getClass().getSimpleName())
                    + ")" + hint);
        }
    }

    private static String trim(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** The parent folder of a URI, or null above a bucket or the file system's root. */
    static String parent(String uri) {
        int slash = uri.lastIndexOf('/');
        if (uri.startsWith("s3://")) {
            int bucketEnd = uri.indexOf('/', "s3://".length());
            return bucketEnd < 0 ? null : uri.substring(0, slash); // s3://bucket is the top
        }
        int rootEnd = uri.indexOf("://") + 3;
        return slash > rootEnd ? uri.substring(0, slash) : null; // file:///dir: the file system's root is not looked at
    }
}
