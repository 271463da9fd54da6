package dev.accountbackup.engine.catalog;

/** SQL identifier quoting. Every identifier that reaches SQL text goes through here. */
public final class Identifiers {

    private Identifiers() {}

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
