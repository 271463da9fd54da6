package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.BackupException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a masking rule does to a column's values. */
public enum Transformation {
    /** A keyed HMAC of the value, of the same type: text of similar length, a uuid, an integer of the same range. */
    HASH,
    /** A realistic, unique e-mail address under a reserved domain. */
    EMAIL,
    /** A realistic person's name. */
    NAME,
    /** A fictional phone number (+1-555-...). */
    PHONE,
    /** A realistic postal address. */
    ADDRESS,
    /** The empty string for text, else NULL. */
    REDACT,
    /** NULL. */
    NULL,
    /** One value for every row. */
    CONSTANT,
    /** The backup's value, unchanged (to exempt a column from the default). */
    KEEP;

    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws BackupException (INVALID) naming the accepted transformations */
    public static Transformation parse(String name) {
        for (Transformation t : values()) {
            if (t.specName().equals(name) && t != CONSTANT) {
                return t;
            }
        }
        throw BackupException.invalid("unknown masking transformation '" + Limits.printable(name) + "': use one of "
                + Arrays.stream(values())
                        .filter(t -> t != CONSTANT)
                        .map(Transformation::specName)
                        .collect(Collectors.joining(", "))
                + " or {constant: VALUE}");
    }
}
