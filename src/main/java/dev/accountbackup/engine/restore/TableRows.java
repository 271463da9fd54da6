package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.accounts.AccountRows.Keep;
import dev.accountbackup.engine.manifest.TableEntry;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a table's backed-up rows a restore loads: all of them, or those that account filters
 * keep (the chosen accounts' rows, everything but erased accounts' rows...). Filters apply in the
 * order they were added, each to what the one before kept. The loader counts the rows of the file
 * through {@link #rowsRead}, so a file is still checked against its manifest when rows are left out.
 */
final class TableRows {

    private record Filter(AccountRows rows, Keep keep) {}

    private static final TableRows ALL = new TableRows(List.of());

    private final List<Filter> filters;

    private TableRows(List<Filter> filters) {
        this.filters = filters;
    }

    /** Every row of every table. */
    static TableRows all() {
        return ALL;
    }

    /** These rows, further filtered by {@code rows}: the rows it selects, or all but those. */
    TableRows keeping(AccountRows rows, Keep keep) {
        List<Filter> more = new ArrayList<>(filters);
        more.add(new Filter(rows, keep));
        return new TableRows(List.copyOf(more));
    }

    /** The rows to load out of {@code rows}, the table's whole file as JSON Lines. */
    InputStream of(TableEntry table, InputStream rows) {
        InputStream kept = rows;
        for (Filter f : filters) {
            kept = f.rows().filter(table, kept, f.keep());
        }
        return kept;
    }

    /** Rows of the file once {@code loaded} rows of {@link #of} were loaded (it must have been read to its end). */
    long rowsRead(TableEntry table, long loaded) {
        return filters.isEmpty() ? loaded : filters.get(0).rows().counts(table).rows();
    }
}
