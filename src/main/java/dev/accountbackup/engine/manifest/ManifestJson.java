package dev.accountbackup.engine.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import java.io.IOException;

/** Reads and writes manifests. One mapper, so every manifest is written the same way. */
public final class ManifestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The largest manifest read: far above what any real backup needs (a table entry takes well under
     * a kilobyte), low enough that a planted giant file cannot exhaust memory.
     */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private ManifestJson() {}

    public static byte[] write(Manifest manifest) {
        return bytes(manifest);
    }

    /** The manifest as a JSON tree, for signing: what {@link #write} would write. */
    public static ObjectNode toTree(Manifest manifest) {
        return readTree(write(manifest), "being written");
    }

    /** Writes a manifest tree (e.g. with its signature added) the way {@link #write} writes a manifest. */
    public static byte[] write(ObjectNode manifest) {
        return bytes(manifest);
    }

    private static byte[] bytes(Object manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new BackupException(Kind.INTERNAL, "cannot serialize manifest", e);
        }
    }

    /**
     * Parses a manifest without interpreting it. A member given twice is refused: two readers could
     * take different values from it, and only one of them would match the signature.
     */
    public static ObjectNode readTree(byte[] json, String where) {
        JsonNode tree;
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            tree = MAPPER.readTree(parser);
        } catch (JsonProcessingException e) {
            throw new BackupException(
                    Kind.CORRUPT, "manifest " + where + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BackupException(Kind.CORRUPT, "manifest " + where + " cannot be read: " + e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new BackupException(Kind.CORRUPT, "manifest " + where + " is not valid: not a JSON object");
        }
        return object;
    }

    public static Manifest fromTree(ObjectNode tree, String where) {
        Manifest m;
        try {
            m = MAPPER.treeToValue(tree, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new BackupException(
                    Kind.CORRUPT, "manifest " + where + " is not valid: " + e.getOriginalMessage(), e);
        }
        if (m.formatVersion() < 1) {
            throw new BackupException(
                    Kind.CORRUPT,
                    "manifest " + where + " has format version " + m.formatVersion()
                            + ", which no version of the operator writes");
        }
        if (m.formatVersion() > Manifest.NEWEST_FORMAT_VERSION) {
            throw new BackupException(
                    Kind.INVALID,
                    "manifest " + where + " has format version " + m.formatVersion()
                            + ", newer than this version of the operator reads (" + Manifest.NEWEST_FORMAT_VERSION
                            + "): upgrade the operator");
        }
        return m;
    }

    /** The shared mapper, configured for manifests and command output. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
