package dev.accountbackup.engine.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a column's values are written in the JSON Lines files. Part of the backup format: recorded
 * per column in the manifest, so a restore decodes values the way they were encoded.
 */
public enum ValueEncoding {
    /** smallint, integer, bigint, oid: a JSON number with the exact digits. */
    NUMBER,
    /** numeric, real, double precision: a JSON number with PostgreSQL's exact digits; NaN, Infinity and -Infinity as strings. */
    DECIMAL,
    /** boolean: true or false. */
    BOOLEAN,
    /** jsonb: the document itself, embedded; null is the JSON value null, and SQL NULL leaves the key out. */
    JSON,
    /** bytea: a base64 string. */
    BASE64,
    /** one- or multi-dimensional arrays: nested JSON arrays of the element encoding, null for NULL elements. */
    ARRAY,
    /** everything else (text, uuid, dates and times, interval, inet, json, enums, bit strings, ...): PostgreSQL's text form as a JSON string. */
    STRING;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ValueEncoding fromJson(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
