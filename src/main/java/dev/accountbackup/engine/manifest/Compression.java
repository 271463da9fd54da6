package dev.accountbackup.engine.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How table files are compressed. Recorded in the manifest, so restores read what exports wrote. */
public enum Compression {
    /**
     * zstd level 1: the export's main CPU cost, so the fastest level; on account tables it compresses
     * about as well as level 3. Read with {@code zstdcat file | jq}.
     */
    ZSTD(".zst"),
    /** gzip: readable everywhere with {@code zcat file | jq}, slower to write. */
    GZIP(".gz");

    private static final int BUFFER = 1 << 16;

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdOutputStream(out, 1);
            case GZIP ->
                new GZIPOutputStream(out, BUFFER) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdInputStream(in);
            case GZIP -> new GZIPInputStream(in, BUFFER);
        };
    }

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Compression fromJson(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
