package dev.accountbackup.engine.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.accountbackup.engine.catalog.ValueEncoding;

/** One column of a backed-up table, with the JSON encoding of its values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnEntry(
        String name, String type, boolean nullable, ValueEncoding encoding, ValueEncoding elementEncoding) {}
