package dev.accountbackup.engine.catalog;

import dev.accountbackup.engine.BackupException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table name as a user wrote it: {@code users}, {@code public.users}, {@code "Odd Schema"."Users.2024"}.
 * Parsed the way PostgreSQL parses names: unquoted parts fold to lower case, quoted parts are exact.
 *
 * @param schema      the schema, or null when the name had none (the search path decides)
 * @param name        the table name
 * @param exactSchema the schema as written, unfolded, to retry when the folded one is not found
 * @param exactName   the name as written, unfolded
 */
public record QualifiedName(String schema, String name, String exactSchema, String exactName) {

    public static QualifiedName parse(String text) {
        if (text == null || text.isBlank()) {
            throw BackupException.invalid("a table name is empty");
        }
        List<String[]> parts = new ArrayList<>(); // each: {folded, exact}
        int i = 0;
        String s = text.strip();
        while (i <= s.length()) {
            if (i < s.length() && s.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw BackupException.invalid("table name " + text + " has an unclosed quote");
                    }
                    char c = s.charAt(i++);
                    if (c == '"') {
                        if (i < s.length() && s.charAt(i) == '"') {
                            b.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(c);
                    }
                }
                parts.add(new String[] {b.toString(), b.toString()});
            } else {
                int end = s.indexOf('.', i);
                if (end < 0) {
                    end = s.length();
                }
                String raw = s.substring(i, end);
                if (raw.isEmpty() || raw.contains("\"")) {
                    throw BackupException.invalid(
                            "table name " + text
                                    + " is not a valid name: write schema.table, quoting parts with double quotes where needed");
                }
                parts.add(new String[] {raw.toLowerCase(Locale.ROOT), raw});
                i = end;
            }
            if (i >= s.length()) {
                break;
            }
            if (s.charAt(i) != '.') {
                throw BackupException.invalid(
                        "table name " + text + " is not a valid name: expected '.' after a quoted part");
            }
            i++;
            if (i >= s.length()) {
                throw BackupException.invalid("table name " + text + " ends with '.'");
            }
        }
        if (parts.size() == 1) {
            return new QualifiedName(null, parts.get(0)[0], null, parts.get(0)[1]);
        }
        if (parts.size() == 2) {
            return new QualifiedName(parts.get(0)[0], parts.get(1)[0], parts.get(0)[1], parts.get(1)[1]);
        }
        throw BackupException.invalid("table name " + text + " has more than two parts: write schema.table");
    }

    /**
     * Whether the two names may name the same table: a name without schema may be any schema's table of that name
     * (the search path decides).
     */
    public boolean mayBeSameTable(QualifiedName other) {
        return name.equals(other.name) && (schema == null || other.schema == null || schema.equals(other.schema));
    }

    /** The same name without case folding, or null if folding changed nothing. */
    QualifiedName unfolded() {
        if (name.equals(exactName) && (schema == null || schema.equals(exactSchema))) {
            return null;
        }
        return new QualifiedName(exactSchema, exactName, exactSchema, exactName);
    }
}
