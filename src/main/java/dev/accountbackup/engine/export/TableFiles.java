package dev.accountbackup.engine.export;

import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.manifest.Compression;
import java.util.Locale;

/** Names of table files inside a backup: {@code 001-public.users.jsonl.zst}. */
final class TableFiles {

    private TableFiles() {}

    /**
     * The file of the table at {@code index} (0-based) of a backup. The index keeps names unique
     * when two tables only differ in characters that are replaced; the manifest maps tables to files.
     */
    static String fileName(int index, TableSchema table, Compression compression) {
        return String.format(
                Locale.ROOT,
                "%03d-%s.jsonl%s",
                index + 1,
                safe(table.schema() + "." + table.name()),
                compression.suffix());
    }

    /** Letters, digits, '.', '_' and '-' are kept; anything else becomes '_', so names work on every file system and in URLs. */
    static String safe(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            b.append(keep ? c : '_');
        }
        return b.toString();
    }
}
