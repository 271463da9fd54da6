package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.accounts.AccountRows.Keep;
import dev.accountbackup.engine.accounts.AccountRows.TableCounts;
import dev.accountbackup.engine.accounts.JsonLines;
import dev.accountbackup.engine.accounts.KeptLines;
import dev.accountbackup.engine.accounts.RowFields;
import dev.accountbackup.engine.erasure.ErasureFilter;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.masking.MaskPlan;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a table's backed-up rows a restore loads, and how: all of them as they are, or what its
 * steps make of them (erased accounts' rows dropped, then the chosen or sampled accounts' rows kept,
 * then masked). Steps apply in the order they were added, each to what the one before gave. The loader counts the rows of the file through
 * {@link #rowsRead}, so a file is still checked against its manifest when rows are left out.
 */
final class TableRows {

    /** One step: filters a table's rows, and tells how many rows came in once its output was read. */
    private interface Step {

        InputStream of(TableEntry table, InputStream rows) throws IOException;

        /** The rows that came into this step, once {@code out} rows came out of it. */
        long rowsIn(TableEntry table, long out);
    }

    private static final TableRows ALL = new TableRows(List.of());

    private final List<Step> steps;

    private TableRows(List<Step> steps) {
        this.steps = steps;
    }

    /** Every row of every table. */
    static TableRows all() {
        return ALL;
    }

    /** Whether every row of every file passes, no filter counting what it saw: a file may then be read again. */
    boolean keepsEveryRow() {
        return steps.isEmpty();
    }

    /** These rows without those of erased accounts; {@code erasures} null when there are none. */
    TableRows withholding(ErasureFilter erasures, AccountRows.RowsOpener opener) {
        if (erasures == null) {
            return this;
        }
        return then(new Step() {
            @Override
            public InputStream of(TableEntry table, InputStream rows) throws IOException {
                return erasures.rows(table, rows, opener);
            }

            @Override
            public long rowsIn(TableEntry table, long out) {
                return erasures.rowsRead(table, out);
            }
        });
    }

    /** These rows, further filtered by {@code rows}: the rows it selects, or all but those. */
    TableRows keeping(AccountRows rows, Keep keep) {
        return then(new Step() {
            @Override
            public InputStream of(TableEntry table, InputStream in) {
                return rows.filter(table, in, keep);
            }

            @Override
            public long rowsIn(TableEntry table, long out) {
                TableCounts counts = rows.counts(table);
                return counts == null ? out : counts.rows();
            }
        });
    }

    /**
     * These rows, of the tables of {@code sample}'s account graph only the sampled accounts' (tables
     * outside the graph whole). Tables may come in any order: parents not read yet are read first.
     */
    TableRows sampling(AccountRows sample, AccountRows.RowsOpener opener) {
        return then(new Step() {
            @Override
            public InputStream of(TableEntry table, InputStream rows) throws IOException {
                if (!sample.graph().contains(table)) {
                    return rows;
                }
                sample.readParents(table, opener);
                return sample.filter(table, rows, Keep.SELECTED);
            }

            @Override
            public long rowsIn(TableEntry table, long out) {
                TableCounts counts = sample.graph().contains(table) ? sample.counts(table) : null;
                return counts == null ? out : counts.rows();
            }
        });
    }

    /** These rows, masked by {@code masks}' rules for their table (every row still loaded). */
    TableRows masking(MaskPlan masks) {
        return then(new Step() {
            @Override
            public InputStream of(TableEntry table, InputStream rows) {
                return masks.table(table).map(m -> m.mask(rows)).orElse(rows);
            }

            @Override
            public long rowsIn(TableEntry table, long out) {
                return out;
            }
        });
    }

    /**
     * These rows, without those whose primary key {@code keys} holds (counted as present); a key seen
     * twice in the backup is refused as today's staged path refuses it.
     */
    TableRows missingFrom(TablePlan plan, KeySet keys) {
        return then(new Step() {
            @Override
            public InputStream of(TableEntry table, InputStream rows) {
                RowFields fields = RowFields.of(table, plan.target().primaryKey());
                String[] values = new String[plan.target().primaryKey().size()];
                return new KeptLines(rows) {
                    @Override
                    protected boolean keep(JsonLines line) throws IOException {
                        boolean keysOnly = fields.read(line, values);
                        return switch (keys.see(values)) {
                            case MISSING -> {
                                if (keysOnly) {
                                    fields.parse(line, values); // a bad row is named by its place in the file
                                }
                                yield true;
                            }
                            case PRESENT -> false;
                            case AGAIN -> throw RestoreErrors.duplicateKeys(plan);
                        };
                    }

                    @Override
                    protected void finish(long rows) {}
                };
            }

            @Override
            public long rowsIn(TableEntry table, long out) {
                return out + keys.present();
            }
        });
    }

    private TableRows then(Step step) {
        List<Step> more = new ArrayList<>(steps);
        more.add(step);
        return new TableRows(List.copyOf(more));
    }

    /** The rows to load out of {@code rows}, the table's whole file as JSON Lines. */
    InputStream of(TableEntry table, InputStream rows) throws IOException {
        InputStream kept = rows;
        for (Step s : steps) {
            kept = s.of(table, kept);
        }
        return kept;
    }

    /** Rows of the file once {@code loaded} rows of {@link #of} were loaded (it must have been read to its end). */
    long rowsRead(TableEntry table, long loaded) {
        long rows = loaded;
        for (int i = steps.size() - 1; i >= 0; i--) {
            rows = steps.get(i).rowsIn(table, rows);
        }
        return rows;
    }
}
