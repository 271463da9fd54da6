package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.codec.JsonToCopyText;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.TableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches backed-up tables and columns to the target database before anything is written: finds
 * every target table by its exact name, reconciles columns that were added or dropped since the
 * backup, and checks that the mode can work on each table. All problems are reported together.
 */
final class RestorePlanner {

    private final TableResolver resolver;
    private final RestoreMode mode;
    private final List<String> warnings = new ArrayList<>();

    RestorePlanner(TableResolver resolver, RestoreMode mode) {
        this.resolver = resolver;
        this.mode = mode;
    }

    List<TablePlan> plan(List<TableEntry> tables) {
        List<TablePlan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TableEntry table : tables) {
            TablePlan plan = plan(table, problems);
            if (plan != null) {
                plans.add(plan);
            }
        }
        if (!problems.isEmpty()) {
            throw BackupException.invalid("cannot restore: " + String.join("; ", problems) + ". Nothing was changed");
        }
        return plans;
    }

    /** Things the user should know that do not stop the restore. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private TablePlan plan(TableEntry table, List<String> problems) {
        if (table.columns() == null || table.columns().isEmpty()) {
            throw new BackupException(Kind.CORRUPT, "the manifest lists no columns for table " + table.displayName());
        }
        TableSchema target = resolver.findExact(table.schema(), table.name());
        if (target == null) {
            problems.add("table " + table.displayName()
                    + " does not exist in the database (create it, for example with the application's"
                    + " migrations, then restore)");
            return null;
        }
        Map<String, ColumnEntry> backed = new HashMap<>();
        for (ColumnEntry c : table.columns()) {
            backed.put(c.name(), c);
        }
        List<String> skipped = new ArrayList<>();
        for (ColumnEntry c : table.columns()) {
            if (target.column(c.name()).isEmpty()) {
                skipped.add(c.name());
                warnings.add("table " + table.displayName() + ": column " + c.name()
                        + " is in the backup but not in the database table;" + " its values were not restored");
            }
        }
        List<ColumnSchema> restored = new ArrayList<>();
        List<JsonToCopyText.Column> decoded = new ArrayList<>();
        int problemsBefore = problems.size();
        // in the file's column order, which lets the decoder stream every row to COPY as it reads it
        for (ColumnEntry fromBackup : table.columns()) {
            // a generated column is computed by the database from the other columns
            target.column(fromBackup.name()).filter(c -> !c.generated()).ifPresent(c -> {
                restored.add(c);
                decoded.add(new JsonToCopyText.Column(c.name(), fromBackup.encoding(), fromBackup.elementEncoding()));
            });
        }
        for (ColumnSchema c : target.columns()) {
            if (!c.generated()
                    && !backed.containsKey(c.name())
                    && !c.nullable()
                    && !c.hasDefault()
                    && !c.isIdentity()) {
                problems.add("table " + table.displayName() + ": column " + c.name()
                        + " is NOT NULL without a default and is not in the backup"
                        + " (give it a default or allow NULL, or restore a newer backup)");
            }
        }
        if (restored.isEmpty()) {
            problems.add("table " + table.displayName() + ": none of the backup's columns exist in the database table");
        }
        boolean keyed = target.hasPrimaryKey()
                && target.primaryKey().stream()
                        .allMatch(k -> restored.stream().anyMatch(c -> c.name().equals(k)));
        if (!keyed && mode != RestoreMode.REPLACE) {
            problems.add(
                    target.hasPrimaryKey()
                            ? "table " + table.displayName() + ": the primary key ("
                                    + String.join(", ", target.primaryKey()) + ") is not in the backup, so rows"
                                    + " cannot be matched; mode " + mode.specName()
                                    + " needs it (mode Replace can restore the table as a whole)"
                            : "table " + table.displayName() + " has no primary key, so mode " + mode.specName()
                                    + " cannot match its rows;"
                                    + " restore it with mode Replace (which replaces the whole table) or give it a primary key");
        }
        if (problems.size() > problemsBefore) {
            return null;
        }
        List<ColumnSchema> compared = new ArrayList<>();
        for (ColumnSchema c : restored) {
            if (target.primaryKey().contains(c.name())) {
                continue;
            }
            if (c.identity() == 'a') {
                // UPDATE can only set such a column to DEFAULT
                if (keyed && mode != RestoreMode.INSERT_MISSING) {
                    warnings.add("table " + table.displayName() + ": column " + c.name()
                            + " is GENERATED ALWAYS AS IDENTITY, so rows that"
                            + " already exist keep their current value of it");
                }
                continue;
            }
            compared.add(c);
        }
        return new TablePlan(
                table,
                target,
                List.copyOf(restored),
                List.copyOf(decoded),
                List.copyOf(skipped),
                keyed,
                List.copyOf(compared));
    }
}
