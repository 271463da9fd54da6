package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.catalog.ForeignKey;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.TableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Masking rules checked against the tables of a backup (or of an export), before a row is read:
 * every rule names a column there, applies to its type and limits, and keeps keys consistent (a
 * masked primary key stays unique, and every foreign key to it is masked the same way, so joins
 * still match).
 */
public final class MaskPlan {

    /** Transformations that keep distinct values distinct: the only ones a key may use. */
    private static final Set<Transformation> ONE_TO_ONE = Set.of(Transformation.HASH, Transformation.EMAIL);

    /**
     * A masked column, for status and reports: never a value.
     *
     * @param byColumnName masked by the default, from its name, not by a rule
     */
    public record MaskedColumn(String table, String column, String transformation, boolean byColumnName) {
        public String describe() {
            return table + "." + column + ": " + transformation + (byColumnName ? " (by column name)" : "");
        }
    }

    /** Hashed text shorter than this could give two rows of a unique column the same value. */
    private static final int SHORTEST_UNIQUE_HASH = 16;

    private final Map<String, TableMask> tables;
    private final List<MaskedColumn> columns;
    private final MaskSalt salt;
    /** By table and check constraint of the target, the masked columns it reads: empty before {@link #forTarget}. */
    private final Map<String, Map<String, List<MaskedColumn>>> checks;

    private MaskPlan(
            Map<String, TableMask> tables,
            List<MaskedColumn> columns,
            MaskSalt salt,
            Map<String, Map<String, List<MaskedColumn>>> checks) {
        this.tables = tables;
        this.columns = columns;
        this.salt = salt;
        this.checks = checks;
    }

    /**
     * @param tables the tables restored or exported, as the manifest describes them
     * @throws BackupException (INVALID) listing every problem found
     */
    public static MaskPlan of(MaskingRules rules, MaskSalt salt, List<TableEntry> tables) {
        List<String> problems = new ArrayList<>();
        Map<TableEntry, Map<String, TableMask.Column>> chosen = new LinkedHashMap<>();
        List<MaskedColumn> described = new ArrayList<>();
        for (Map.Entry<String, MaskRule> e : rules.rules().entrySet()) {
            String[] parts = e.getKey().split("\\.", -1);
            Optional<TableEntry> table =
                    tables.stream().filter(t -> t.is(parts[0], parts[1])).findFirst();
            if (table.isEmpty()) {
                problems.add("masking rule " + Limits.printable(e.getKey()) + ": table "
                        + Limits.printable(parts[0] + "." + parts[1])
                        + " is not among the backup's tables being restored");
                continue;
            }
            Optional<ColumnEntry> column = column(table.get(), parts[2]);
            if (column.isEmpty()) {
                problems.add("masking rule " + Limits.printable(e.getKey()) + ": column " + Limits.printable(parts[2])
                        + " is not a column of " + table.get().displayName() + " in this backup");
                continue;
            }
            chosen.computeIfAbsent(table.get(), t -> new LinkedHashMap<>())
                    .put(parts[2], new TableMask.Column(e.getValue(), ColumnType.of(column.get())));
        }
        Set<String> byName = new java.util.HashSet<>();
        if (rules.byColumnName()) {
            for (TableEntry table : tables) {
                for (ColumnEntry column : table.columns()) {
                    Map<String, TableMask.Column> ruled = chosen.getOrDefault(table, Map.of());
                    if (ruled.containsKey(column.name())) {
                        continue;
                    }
                    ColumnType type = ColumnType.of(column);
                    Optional<Transformation> guess = PersonalColumns.rule(column.name(), type);
                    if (guess.isPresent()) {
                        chosen.computeIfAbsent(table, t -> new LinkedHashMap<>())
                                .put(column.name(), new TableMask.Column(MaskRule.of(guess.get()), type));
                        byName.add(table.displayName() + "." + column.name());
                    }
                }
            }
        }
        KeyedHash probe = new KeyedHash(salt);
        Map<String, TableMask> masks = new LinkedHashMap<>();
        for (Map.Entry<TableEntry, Map<String, TableMask.Column>> e : chosen.entrySet()) {
            TableEntry table = e.getKey();
            Map<String, TableMask.Column> masked = new LinkedHashMap<>();
            for (Map.Entry<String, TableMask.Column> c : e.getValue().entrySet()) {
                String name = table.displayName() + "." + c.getKey();
                MaskRule rule = c.getValue().rule();
                if (!rule.masks()) {
                    continue;
                }
                if (table.primaryKey().contains(c.getKey()) && !ONE_TO_ONE.contains(rule.transformation())) {
                    problems.add("masking rule " + name + ": the column is part of the primary key, and "
                            + rule.describe() + " would make keys collide; use hash");
                    continue;
                }
                try {
                    ValueMasks.of(rule, name, c.getValue().type(), probe); // applies to this column?
                } catch (BackupException problem) {
                    problems.add(problem.getMessage()
                            + (byName.contains(name) ? " (chosen by its name: give the column a rule, or keep)" : ""));
                    continue;
                }
                masked.put(c.getKey(), c.getValue());
                described.add(
                        new MaskedColumn(table.displayName(), c.getKey(), rule.describe(), byName.contains(name)));
            }
            if (!masked.isEmpty()) {
                masks.put(table.displayName(), new TableMask(table, masked, salt));
            }
        }
        checkForeignKeys(tables, chosen, problems);
        if (!problems.isEmpty()) {
            throw BackupException.invalid("the masking rules do not fit the backup: " + String.join("; ", problems));
        }
        return new MaskPlan(Map.copyOf(masks), List.copyOf(described), salt, Map.of());
    }

    /**
     * These rules checked against the target database's own definitions of the masked columns, before anything is
     * written: the target's length limits and NOT NULL (which may differ from the backup's), and its unique indexes,
     * which a rule that gives different rows the same value (name, phone, address, redact, constant, or a hash cut
     * shorter than 16 characters) would break.
     *
     * @param target the target's definition of a masked column, by table display name and column name; empty for a
     *               column the target lacks (it is not restored)
     * @return the same rules, their values sized to the target's columns
     * @throws BackupException (INVALID) naming table, column and rule of every problem
     */
    public MaskPlan forTarget(BiFunction<String, String, Optional<TargetColumn>> target) {
        List<String> problems = new ArrayList<>();
        Map<String, TableMask> fitted = new LinkedHashMap<>();
        Map<String, Map<String, List<MaskedColumn>>> checked = new HashMap<>();
        KeyedHash probe = new KeyedHash(salt);
        for (TableMask mask : tables.values()) {
            String table = mask.table().displayName();
            Map<String, TableMask.Column> columns = new LinkedHashMap<>();
            mask.columns().forEach((name, column) -> {
                Optional<TargetColumn> there = target.apply(table, name);
                if (there.isEmpty()) {
                    columns.put(name, column);
                    return;
                }
                String described = table + "." + name;
                MaskRule rule = column.rule();
                ColumnType type = column.type().inTarget(there.get().schema());
                try {
                    ValueMasks.of(rule, described, type, probe);
                } catch (BackupException problem) {
                    problems.add(problem.getMessage() + " in the target database");
                    return;
                }
                if (!there.get().uniqueIndexes().isEmpty() && !keepsRowsApart(rule, type)) {
                    problems.add("masking rule " + described + ": " + rule.describe()
                            + " can give different rows the same value, but the column is part of unique index "
                            + String.join(", ", there.get().uniqueIndexes()) + " in the target database; use hash"
                            + (type.text() && type.maxLength() > 0 && type.maxLength() < SHORTEST_UNIQUE_HASH
                                    ? " in a column of at least " + SHORTEST_UNIQUE_HASH + " characters"
                                    : ""));
                    return;
                }
                MaskedColumn masked = describedColumn(table, name);
                for (String check : there.get().checks()) {
                    checked.computeIfAbsent(table, t -> new HashMap<>())
                            .computeIfAbsent(check, c -> new ArrayList<>())
                            .add(masked);
                }
                columns.put(name, new TableMask.Column(rule, type));
            });
            fitted.put(table, new TableMask(mask.table(), columns, salt));
        }
        if (!problems.isEmpty()) {
            throw BackupException.invalid("the masking rules do not fit the target database: "
                    + String.join("; ", problems) + ". Nothing was written");
        }
        return new MaskPlan(Map.copyOf(fitted), columns, salt, Map.copyOf(checked));
    }

    /** Whether distinct values stay distinct (or become NULL, which a unique index allows many times). */
    private static boolean keepsRowsApart(MaskRule rule, ColumnType type) {
        return switch (rule.transformation()) {
            case HASH -> !type.text() || type.maxLength() == 0 || type.maxLength() >= SHORTEST_UNIQUE_HASH;
            case EMAIL, NULL, KEEP -> true;
            case REDACT -> !type.text();
            case NAME, PHONE, ADDRESS, CONSTANT -> false;
        };
    }

    private MaskedColumn describedColumn(String table, String column) {
        return columns.stream()
                .filter(c -> c.table().equals(table) && c.column().equals(column))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The masked columns that check constraint {@code constraint} of {@code table} reads in the target database
     * (as {@link #forTarget} found them): empty when it reads none, so a violation is no masking's doing.
     */
    public List<MaskedColumn> checkedBy(String table, String constraint) {
        return checks.getOrDefault(table, Map.of()).getOrDefault(constraint, List.of());
    }

    /** A key and the keys referencing it must be masked alike, or joins break. */
    private static void checkForeignKeys(
            List<TableEntry> tables, Map<TableEntry, Map<String, TableMask.Column>> chosen, List<String> problems) {
        for (TableEntry child : tables) {
            if (child.foreignKeys() == null) {
                continue;
            }
            for (ForeignKey fk : child.foreignKeys()) {
                Optional<TableEntry> parent = tables.stream()
                        .filter(t -> t.is(fk.referencedSchema(), fk.referencedTable()))
                        .findFirst();
                if (parent.isEmpty()) {
                    continue;
                }
                for (int i = 0; i < fk.columns().size(); i++) {
                    String childColumn = fk.columns().get(i);
                    String parentColumn = fk.referencedColumns().get(i);
                    TableMask.Column c = effective(chosen, child, childColumn);
                    TableMask.Column p = effective(chosen, parent.get(), parentColumn);
                    if (!alike(c, p)) {
                        problems.add(child.displayName() + "." + childColumn + " references "
                                + parent.get().displayName() + "." + parentColumn + ", masked "
                                + describe(p) + " there but " + describe(c) + " here: mask both the same way");
                    }
                }
            }
        }
    }

    private static TableMask.Column effective(
            Map<TableEntry, Map<String, TableMask.Column>> chosen, TableEntry table, String column) {
        TableMask.Column c = chosen.getOrDefault(table, Map.of()).get(column);
        return c == null || !c.rule().masks() ? null : c;
    }

    private static boolean alike(TableMask.Column a, TableMask.Column b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.rule().equals(b.rule())
                && a.type().kind() == b.type().kind()
                && a.type().maxLength() == b.type().maxLength();
    }

    private static String describe(TableMask.Column c) {
        return c == null
                ? "not at all"
                : "with " + c.rule().describe() + " (" + c.type().kind().name().toLowerCase(java.util.Locale.ROOT)
                        + (c.type().maxLength() > 0 ? "(" + c.type().maxLength() + ")" : "") + ")";
    }

    private static Optional<ColumnEntry> column(TableEntry table, String name) {
        return table.columns().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The mask of a table; empty when none of its columns is masked. */
    public Optional<TableMask> table(TableEntry table) {
        return Optional.ofNullable(tables.get(table.displayName()));
    }

    /** The mask of the table with this display name ({@code public.users}); empty when none of its columns is masked. */
    public Optional<TableMask> table(String displayName) {
        return Optional.ofNullable(tables.get(displayName));
    }

    /** Which columns are masked, and how. */
    public List<MaskedColumn> columns() {
        return columns;
    }

    /** One line per masked column, for logs, status and the marker in the target. */
    public List<String> describe() {
        return columns.stream().map(MaskedColumn::describe).toList();
    }
}
