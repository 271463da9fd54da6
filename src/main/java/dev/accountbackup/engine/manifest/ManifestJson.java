package dev.accountbackup.engine.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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

    private ManifestJson() {
    }

    public static byte[] write(Manifest manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new BackupException(Kind.INTERNAL, "cannot serialize manifest", e);
        }
    }

    public static Manifest read(byte[] json, String where) {
        Manifest m;
        try {
            m = MAPPER.readValue(json, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new BackupException(Kind.CORRUPT, "manifest " + where + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BackupException(Kind.CORRUPT, "manifest " + where + " cannot be read: " + e.getMessage(), e);
        }
        if (m.formatVersion() > Manifest.NEWEST_FORMAT_VERSION) {
            throw new BackupException(Kind.INVALID, "manifest " + where + " has format version " + m.formatVersion()
                    + ", newer than this version of the operator reads (" + Manifest.NEWEST_FORMAT_VERSION + "): upgrade the operator");
        }
        return m;
    }

    /** The shared mapper, configured for manifests and command output. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
