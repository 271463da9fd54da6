package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.catalog.QualifiedName;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks the tables of a backup a restore asks for, matching the names users write
 * ({@code users}, {@code public.users}, {@code "Odd"."Name"}) against the manifest's tables.
 */
public final class BackupTableSelection {

    private BackupTableSelection() {}

    /** The asked-for tables in the manifest's order, or all of them for an empty list; every unknown name in one error. */
    public static List<TableEntry> choose(Manifest manifest, List<String> names) {
        if (manifest.tables() == null || manifest.tables().isEmpty()) {
            throw BackupException.invalid("backup " + manifest.backupId() + " holds no tables");
        }
        if (names == null || names.isEmpty()) {
            return List.copyOf(manifest.tables());
        }
        Set<TableEntry> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            TableEntry entry = find(manifest, name);
            if (entry == null) {
                unknown.add(name);
            } else {
                chosen.add(entry);
            }
        }
        if (!unknown.isEmpty()) {
            String available =
                    manifest.tables().stream().map(TableEntry::displayName).collect(Collectors.joining(", "));
            throw BackupException.invalid((unknown.size() == 1 ? "table " : "tables ") + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is" : " are") + " not in backup " + manifest.backupId()
                    + ": it holds " + available);
        }
        return manifest.tables().stream().filter(chosen::contains).toList();
    }

    private static TableEntry find(Manifest manifest, String written) {
        QualifiedName name = QualifiedName.parse(written);
        TableEntry entry = find(manifest, written, name.schema(), name.name());
        if (entry == null
                && !(name.name().equals(name.exactName())
                        && (name.schema() == null || name.schema().equals(name.exactSchema())))) {
            // "Users" written without quotes still finds the table "Users", as the catalog resolver does
            entry = find(manifest, written, name.exactSchema(), name.exactName());
        }
        return entry;
    }

    private static TableEntry find(Manifest manifest, String written, String schema, String table) {
        List<TableEntry> matches = manifest.tables().stream()
                .filter(t ->
                        t.name().equals(table) && (schema == null || t.schema().equals(schema)))
                .toList();
        if (matches.size() > 1) {
            List<TableEntry> inPublic =
                    matches.stream().filter(t -> t.schema().equals("public")).toList();
            if (inPublic.size() == 1) {
                return inPublic.get(0);
            }
            throw BackupException.invalid(
                    "table name " + written + " matches " + matches.size() + " tables of the backup ("
                            + matches.stream().map(TableEntry::displayName).collect(Collectors.joining(", "))
                            + "): write it with its schema");
        }
        return matches.isEmpty() ? null : matches.get(0);
    }
}
