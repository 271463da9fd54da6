package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.masking.ColumnType.Kind;
import java.util.HexFormat;

/**
 * Builds the mask of a rule for a column, or says why the rule cannot apply to it: every such
 * problem is found from the manifest, before a row is read.
 */
final class ValueMasks {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};
    /** Hex digits of the hash an e-mail carries: 64 bits, so that distinct inputs give distinct addresses. */
    private static final int EMAIL_TAG = 16;
    /** The shortest e-mail made: the tag alone at a domain. */
    static final int SHORTEST_EMAIL = EMAIL_TAG + 1 + "example.com".length();
    /** The shortest hashed text kept unique enough without a length limit. */
    private static final int SHORTEST_HASH = 16;
    /** Hashed text longer than this is cut: a 1 GB value needs no 1 GB mask. */
    private static final int LONGEST_HASH = 64;

    private ValueMasks() {}

    static ValueMask of(MaskRule rule, String column, ColumnType type, KeyedHash hash) {
        return switch (rule.transformation()) {
            case HASH -> hash(column, type, hash);
            case EMAIL -> email(column, type, hash);
            case NAME -> {
                requireText(rule, column, type, 1);
                yield value -> {
                    byte[] h = hash.of(Purposes.NAME, value); // one hash: its first half picks, its second half too
                    return cut(
                            FakeValues.pick(FakeValues.FIRST_NAMES, KeyedHash.first8(h)) + " "
                                    + FakeValues.pick(FakeValues.LAST_NAMES, KeyedHash.longAt(h, 8)),
                            type);
                };
            }
            case PHONE -> phone(rule, column, type, hash);
            case ADDRESS -> {
                requireText(rule, column, type, 1);
                yield value -> {
                    long h = hash.longOf(Purposes.ADDRESS, value);
                    return cut(
                            (1 + Long.remainderUnsigned(h, 9999)) + " "
                                    + FakeValues.pick(FakeValues.STREETS, h >>> 16) + ", "
                                    + FakeValues.pick(FakeValues.CITIES, h >>> 40),
                            type);
                };
            }
            case REDACT -> {
                if (type.text()) {
                    yield ValueMask.always("");
                }
                requireNullable(rule, column, type);
                yield ValueMask.always(null);
            }
            case NULL -> {
                requireNullable(rule, column, type);
                yield ValueMask.always(null);
            }
            case CONSTANT -> constant(rule, column, type);
            case KEEP -> throw new IllegalArgumentException("keep masks nothing");
        };
    }

    private static ValueMask hash(String column, ColumnType type, KeyedHash hash) {
        return switch (type.kind()) {
            case TEXT ->
                value -> {
                    int length = Math.min(LONGEST_HASH, Math.max(SHORTEST_HASH, value.length()));
                    if (type.maxLength() > 0) {
                        length = Math.min(length, type.maxLength());
                    }
                    return base32(hash, value, length);
                };
            case UUID -> value -> uuid(hash.of(Purposes.UUID, value));
            case SMALLINT -> integers(15, hash);
            case INTEGER -> integers(31, hash);
            case BIGINT -> integers(63, hash);
            case OTHER -> throw cannot(MaskRule.of(Transformation.HASH), column, type, "text, uuid and integer");
        };
    }

    private static ValueMask integers(int bits, KeyedHash hash) {
        IntegerPermutation permutation = new IntegerPermutation(bits, hash);
        return value -> Long.toString(permutation.apply(Long.parseLong(value)));
    }

    private static ValueMask email(String column, ColumnType type, KeyedHash hash) {
        MaskRule rule = MaskRule.of(Transformation.EMAIL);
        requireText(rule, column, type, SHORTEST_EMAIL);
        HexFormat hex = HexFormat.of();
        return value -> {
            byte[] h = hash.of(Purposes.EMAIL, value);
            String tag = hex.formatHex(h, 0, EMAIL_TAG / 2);
            String domain = DOMAINS[(h[8] & 0xff) % DOMAINS.length];
            String first = FakeValues.pick(FakeValues.FIRST_MAIL_PARTS, KeyedHash.first8(h) >>> 1);
            String last = FakeValues.pick(FakeValues.LAST_MAIL_PARTS, (h[9] & 0xffL) << 8 | h[10] & 0xff);
            String full = first + "." + last + "." + tag + "@" + domain;
            return type.fits(full.length()) ? full : tag + "@" + domain;
        };
    }

    private static ValueMask phone(MaskRule rule, String column, ColumnType type, KeyedHash hash) {
        requireText(rule, column, type, 10);
        return value -> {
            long h = hash.longOf(Purposes.PHONE, value);
            String digits = Long.toString(10_000_000L + Long.remainderUnsigned(h, 10_000_000L))
                    .substring(1);
            String formatted = "+1-555-" + digits.substring(0, 3) + "-" + digits.substring(3);
            return type.fits(formatted.length()) ? formatted : "555" + digits;
        };
    }

    private static ValueMask constant(MaskRule rule, String column, ColumnType type) {
        String constant = rule.constant();
        if (type.text()) {
            if (!type.fits(constant.length())) {
                throw BackupException.invalid("masking rule " + column + ": the constant is longer than the column's "
                        + type.maxLength() + " characters");
            }
            return ValueMask.always(constant);
        }
        if (type.integer()) {
            try {
                long parsed = Long.parseLong(constant);
                long max = type.kind() == Kind.SMALLINT
                        ? Short.MAX_VALUE
                        : type.kind() == Kind.INTEGER ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (parsed > max || parsed < -max - 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw BackupException.invalid("masking rule " + column + ": the constant is not a "
                        + type.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
            return ValueMask.always(constant);
        }
        if (type.kind() == Kind.UUID) {
            try {
                java.util.UUID.fromString(constant);
            } catch (IllegalArgumentException e) {
                throw BackupException.invalid("masking rule " + column + ": the constant is not a uuid");
            }
            return ValueMask.always(constant);
        }
        throw cannot(rule, column, type, "text, uuid and integer");
    }

    private static void requireText(MaskRule rule, String column, ColumnType type, int shortest) {
        if (!type.text()) {
            throw cannot(rule, column, type, "text");
        }
        if (!type.fits(shortest)) {
            throw BackupException.invalid("masking rule " + column + ": " + rule.describe() + " needs at least "
                    + shortest + " characters, the column holds " + type.maxLength());
        }
    }

    private static void requireNullable(MaskRule rule, String column, ColumnType type) {
        if (!type.nullable()) {
            throw BackupException.invalid("masking rule " + column + ": " + rule.describe()
                    + " writes NULL, but the column is NOT NULL; use another rule");
        }
    }

    static BackupException cannot(MaskRule rule, String column, ColumnType type, String applies) {
        return BackupException.invalid("masking rule " + column + ": " + rule.describe()
                + " cannot apply to a column of this type (it applies to " + applies + " columns)");
    }

    private static String cut(String value, ColumnType type) {
        return type.fits(value.length()) ? value : value.substring(0, type.maxLength());
    }

    private static String base32(KeyedHash hash, String value, int length) {
        byte[] first = hash.of(Purposes.TEXT, value);
        byte[] bytes = first;
        if (length > first.length * 8 / 5) {
            byte[] more = hash.of(Purposes.TEXT_MORE, value);
            bytes = new byte[first.length + more.length];
            System.arraycopy(first, 0, bytes, 0, first.length);
            System.arraycopy(more, 0, bytes, first.length, more.length);
        }
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            int bit = i * 5;
            int word = ((bytes[bit / 8] & 0xff) << 8) | (bit / 8 + 1 < bytes.length ? bytes[bit / 8 + 1] & 0xff : 0);
            out[i] = BASE32[(word >>> (11 - bit % 8)) & 31];
        }
        return new String(out);
    }

    private static String uuid(byte[] h) {
        h[6] = (byte) ((h[6] & 0x0f) | 0x80); // version 8: a custom uuid
        h[8] = (byte) ((h[8] & 0x3f) | 0x80); // the RFC 4122 variant
        String hex = HexFormat.of().formatHex(h, 0, 16);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }
}
