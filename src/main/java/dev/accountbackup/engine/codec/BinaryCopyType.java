package dev.accountbackup.engine.codec;

import dev.accountbackup.engine.catalog.ValueEncoding;

/**
 * The column types whose values {@link JsonToCopyBinary} writes in PostgreSQL's binary COPY format, by the oid of the
 * built-in type (a domain over one of them keeps COPY text), with the encoding their values have in backup files.
 */
enum BinaryCopyType {
    INT2(21, ValueEncoding.NUMBER),
    INT4(23, ValueEncoding.NUMBER),
    INT8(20, ValueEncoding.NUMBER),
    BOOL(16, ValueEncoding.BOOLEAN),
    TEXT(25, ValueEncoding.STRING),
    VARCHAR(1043, ValueEncoding.STRING),
    /** The receive function pads and checks the length as the text input does (bpchar_input). */
    BPCHAR(1042, ValueEncoding.STRING),
    UUID(2950, ValueEncoding.STRING),
    TIMESTAMPTZ(1184, ValueEncoding.STRING),
    TIMESTAMP(1114, ValueEncoding.STRING),
    DATE(1082, ValueEncoding.STRING),
    JSONB(3802, ValueEncoding.JSON),
    JSON(114, ValueEncoding.STRING),
    BYTEA(17, ValueEncoding.BASE64),
    TEXT_ARRAY(1009, TEXT),
    VARCHAR_ARRAY(1015, VARCHAR),
    INT4_ARRAY(1007, INT4),
    INT8_ARRAY(1016, INT8);

    final long oid;
    final ValueEncoding encoding;
    /** For arrays, the type of their elements; otherwise null. */
    final BinaryCopyType element;

    BinaryCopyType(long oid, ValueEncoding encoding) {
        this.oid = oid;
        this.encoding = encoding;
        this.element = null;
    }

    BinaryCopyType(long oid, BinaryCopyType element) {
        this.oid = oid;
        this.encoding = ValueEncoding.ARRAY;
        this.element = element;
    }

    /** The type of a column of type {@code oid} whose values the file encodes so, or null when it keeps COPY text. */
    static BinaryCopyType of(long oid, ValueEncoding encoding, ValueEncoding elementEncoding) {
        for (BinaryCopyType type : values()) {
            if (type.oid == oid
                    && type.encoding == orString(encoding)
                    && (type.element == null || type.element.encoding == orString(elementEncoding))) {
                return type;
            }
        }
        return null;
    }

    /** Manifests may leave out the encoding of text-like columns, as the text decoder reads them. */
    private static ValueEncoding orString(ValueEncoding encoding) {
        return encoding == null ? ValueEncoding.STRING : encoding;
    }
}
