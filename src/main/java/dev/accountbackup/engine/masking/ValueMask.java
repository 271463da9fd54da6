package dev.accountbackup.engine.masking;

/** Masks one column's values. */
@FunctionalInterface
interface ValueMask {

    /**
     * @param value the value as the backup holds it: the text, or a number's digits; never NULL
     * @return the masked value in the same form, or null for SQL NULL
     */
    String mask(String value);
}
