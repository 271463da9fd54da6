package dev.accountbackup.engine.codec;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;

/** The limits every reader of a backup's rows parses them with. */
public final class BackupRowJson {

    private BackupRowJson() {}

    /**
     * A JSON factory builder for backup rows: a string as long as a value may be (text and bytea of up to 1 GB),
     * numbers of up to numeric's 147,000 digits and jsonb nested deeply; anything beyond is refused as malformed.
     */
    public static JsonFactoryBuilder factory() {
        return new JsonFactoryBuilder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNumberLength(1_000_000)
                        .maxNestingDepth(10_000)
                        .build());
    }
}
