package dev.accountbackup.engine.masking;

/** The purpose bytes of {@link KeyedHash}: one per use, so that outputs of different uses are unrelated. */
public final class Purposes {

    static final int TEXT = 1;
    static final int TEXT_MORE = 2;
    static final int UUID = 3;
    static final int INTEGER = 4;
    static final int EMAIL = 5;
    static final int NAME = 6;
    static final int PHONE = 7;
    static final int ADDRESS = 8;
    /** Which accounts a sample takes. */
    public static final int SAMPLE = 9;

    private Purposes() {}
}
