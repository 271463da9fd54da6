package dev.accountbackup.engine.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One account's data as a readable JSON document, to hand to the person it is about. The SHA-256
 * is over exactly these bytes, so {@code sha256sum -c} on the file beside it proves the document
 * was not changed on its way.
 *
 * @param key  the account's key as the backup writes it (composite keys joined by a unit separator)
 * @param json the document, UTF-8
 */
public record AccountDocument(String root, String key, byte[] json) {

    public String sha256() {
        return sha256(json);
    }

    /** The hex SHA-256 of some bytes, as {@code sha256sum} prints it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The line {@code sha256sum} writes and {@code sha256sum -c} checks for the document saved as {@code fileName}. */
    public String sha256Line(String fileName) {
        return sha256() + "  " + fileName + "\n";
    }

    public String text() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
