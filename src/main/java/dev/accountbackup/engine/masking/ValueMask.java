package dev.accountbackup.engine.masking;

/** Masks one column's values. */
@FunctionalInterface
interface ValueMask {

    /**
     * @param value the value as the backup holds it: the text, or a number's digits; never NULL
     * @return the masked value in the same form, or null for SQL NULL
     */
    String mask(String value);

    /** Whether the masked value depends on the value: a long text that is redacted need not be decoded. */
    default boolean readsValue() {
        return true;
    }

    /** The same value for every row (NULL for null). */
    static ValueMask always(String value) {
        return new ValueMask() {
            @Override
            public String mask(String ignored) {
                return value;
            }

            @Override
            public boolean readsValue() {
                return false;
            }
        };
    }
}
