package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.ValueEncoding;
import dev.accountbackup.engine.manifest.ColumnEntry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's type as far as masking cares, read from the manifest's {@code format_type} text.
 *
 * @param maxLength the length limit of {@code varchar(n)} / {@code char(n)}; 0 for none
 */
record ColumnType(Kind kind, int maxLength, boolean nullable, ValueEncoding encoding) {

    enum Kind {
        TEXT,
        UUID,
        SMALLINT,
        INTEGER,
        BIGINT,
        /** Dates, inet, numeric, booleans, jsonb, arrays...: only null, redact (to NULL) and keep apply. */
        OTHER
    }

    private static final Pattern LIMITED = Pattern.compile("(character varying|character|varchar|bpchar)\\((\\d+)\\)");

    static ColumnType of(ColumnEntry column) {
        String type = column.type() == null ? "" : column.type();
        ValueEncoding encoding = column.encoding() == null ? ValueEncoding.STRING : column.encoding();
        Matcher limited = LIMITED.matcher(type);
        Kind kind;
        int max = 0;
        if (limited.matches()) {
            kind = Kind.TEXT;
            max = Integer.parseInt(limited.group(2));
        } else {
            kind = switch (type) {
                case "text", "character varying", "citext", "name" -> Kind.TEXT;
                case "uuid" -> Kind.UUID;
                case "smallint" -> Kind.SMALLINT;
                case "integer" -> Kind.INTEGER;
                case "bigint" -> Kind.BIGINT;
                default -> Kind.OTHER;
            };
        }
        boolean numeric = kind == Kind.SMALLINT || kind == Kind.INTEGER || kind == Kind.BIGINT;
        if (numeric != (encoding == ValueEncoding.NUMBER)
                || (kind == Kind.TEXT || kind == Kind.UUID) && encoding != ValueEncoding.STRING) {
            kind = Kind.OTHER; // a domain or an unexpected encoding: nothing type-specific is assumed
        }
        return new ColumnType(kind, max, column.nullable(), encoding);
    }

    /**
     * This type as the target database defines its column: the target's length limit and NOT NULL; the kind and the
     * encoding stay the backup's, as the masked values are written into the backup's rows.
     */
    ColumnType inTarget(ColumnSchema target) {
        ColumnType there = of(new ColumnEntry(
                target.name(), target.type(), target.nullable(), target.encoding(), target.elementEncoding()));
        return new ColumnType(kind, there.maxLength, there.nullable, encoding);
    }

    boolean text() {
        return kind == Kind.TEXT;
    }

    boolean integer() {
        return kind == Kind.SMALLINT || kind == Kind.INTEGER || kind == Kind.BIGINT;
    }

    /** Whether a text of this many characters fits. */
    boolean fits(int length) {
        return maxLength == 0 || length <= maxLength;
    }
}
