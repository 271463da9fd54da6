package dev.accountbackup.engine.masking;

/** Bounds on what masking rules may hold, and how their names are echoed in errors. */
final class Limits {

    /** Rules one restore or export may carry. */
    static final int MAX_RULES = 10_000;
    /** The longest constant a rule may set. */
    static final int MAX_CONSTANT = 4096;

    private Limits() {}

    /** A name from a rules file, shortened and stripped of control characters, for an error message. */
    static String printable(String name) {
        if (name == null) {
            return "";
        }
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
