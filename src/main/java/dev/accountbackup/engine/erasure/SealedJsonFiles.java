package dev.accountbackup.engine.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.signing.CanonicalJson;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.signing.SignatureCheck;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoreOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/**
 * Small JSON files written once beside the backups ({@code {"format", "<body>": {...}, "sha256", signature}}): the
 * SHA-256 over the body's canonical bytes catches damage, the signature (when signing keys are configured) forgery.
 * A file is read bounded in size and handed out only after every check.
 *
 * @param what       how messages name one file, e.g. "erasure ledger file"
 * @param bodyField  the field that holds the body
 * @param corruptTail what a damaged or forged file means for the user, added to its message
 */
record SealedJsonFiles(
        BackupStore store,
        ManifestSigner signer,
        ObjectMapper json,
        String what,
        String format,
        String bodyField,
        int maxBytes,
        String corruptTail) {

    /** Writes {@code body} sealed to {@code key}; a failed write leaves nothing behind. */
    void write(String key, JsonNode body) {
        ObjectNode tree = json.createObjectNode();
        tree.put("format", format);
        tree.set(bodyField, body);
        tree.put("sha256", ErasureLedger.sha256(CanonicalJson.bytes(body)));
        signer.sign(tree);
        StoreOutput out = null;
        boolean written = false;
        try {
            out = store.create(key);
            out.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
            out.close();
            written = true;
        } catch (IOException e) {
            throw BackupLocation.storageError("writing " + what + " " + store.uri(key), e);
        } finally {
            if (out != null && !written) {
                out.abort();
            }
        }
    }

    /**
     * The body of the file at {@code key}, once its size, format, checksum and signature are checked.
     *
     * @throws BackupException CORRUPT or UNTRUSTED for a file that fails a check, STORAGE when storage fails
     */
    JsonNode read(String key) {
        String where = store.uri(key);
        byte[] bytes;
        try (InputStream in = store.open(key)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (NoSuchFileException e) {
            throw new BackupException(Kind.STORAGE, what + " " + where + " vanished while it was read", e);
        } catch (IOException e) {
            throw BackupLocation.storageError("reading " + where, e);
        }
        if (bytes.length > maxBytes) {
            throw corrupt(where, "it is larger than " + maxBytes / (1024 * 1024) + " MiB");
        }
        ObjectNode tree;
        try {
            if (!(json.readTree(bytes) instanceof ObjectNode object)) {
                throw corrupt(where, "it is not a JSON object");
            }
            tree = object;
        } catch (IOException e) {
            throw corrupt(where, "it is not valid JSON");
        }
        SignatureCheck signature = signer.check(tree);
        if (!signature.trusted()) {
            throw new BackupException(
                    Kind.UNTRUSTED,
                    what + " " + where + ": " + signature.describe() + "; refused: it may have been changed or forged"
                            + corruptTail);
        }
        JsonNode body = tree.get(bodyField);
        if (!format.equals(tree.path("format").asText()) || body == null || !body.isObject()) {
            throw corrupt(where, "it is not a " + what + " of format " + format);
        }
        if (!ErasureLedger.sha256(CanonicalJson.bytes(body))
                .equals(tree.path("sha256").asText())) {
            throw corrupt(where, "its SHA-256 checksum does not match its content");
        }
        return body;
    }

    /** A file at {@code where} that fails a check, and why. */
    BackupException corrupt(String where, String why) {
        return new BackupException(Kind.CORRUPT, what + " " + where + " fails its check (" + why + ")" + corruptTail);
    }
}
