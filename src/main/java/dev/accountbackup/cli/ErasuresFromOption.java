package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
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

    /** The ledger folder for backups at {@code from}, opened; the caller closes it. */
    Opened open(String from, ManifestSigner signer, Map<String, String> env) {
        String folder = uri != null && !uri.isBlank() ? uri : derive(from, env);
        BackupStore store = BackupStores.fromUri(folder, env);
        return new Opened(store, new ErasureLedger(store, "", signer, Clock.systemUTC()));
    }

    record Opened(BackupStore store, ErasureLedger ledger) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    private static String derive(String from, Map<String, String> env) {
        List<String> candidates = new ArrayList<>();
        String level = trim(from);
        for (int i = 0; i < 3 && level != null; i++) {
            candidates.add(level);
            level = parent(level);
        }
        for (String candidate : candidates) {
            if (holdsLedgerFolder(candidate, env)) {
                return candidate;
            }
        }
        String namespace = parent(trim(from));
        if (namespace != null && namespace.endsWith("/" + SAFETY_FOLDER)) {
            namespace = parent(namespace);
        }
        return namespace == null ? from : namespace;
    }

    private static boolean holdsLedgerFolder(String folder, Map<String, String> env) {
        try (BackupStore store = BackupStores.fromUri(folder, env)) {
            return !store.list(ErasureLedger.FOLDER + "/").isEmpty();
        } catch (IOException | BackupException e) {
            throw BackupException.invalid("cannot look for the erasure ledger in " + folder + " ("
                    + (e instanceof BackupException b
                            ? b.getMessage()
                            : e.getClass().getSimpleName())
                    + "): give --erasures-from");
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
