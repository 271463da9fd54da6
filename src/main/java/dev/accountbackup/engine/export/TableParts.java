package dev.accountbackup.engine.export;

import dev.accountbackup.engine.catalog.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Cuts an export into parts that several readers can take in turn: small tables whole, large ones
 * in ranges of pages. Page ranges (rows by their {@code ctid}) suit every table, whatever its key
 * type, with or without a primary key, and cover every row exactly once: in one snapshot each row
 * version has one place, and the last range has no end, so pages added after the table was
 * measured are read too. PostgreSQL reads a page range without scanning the rest of the table
 * from version 14 (TID range scans); before that, tables are read whole.
 */
final class TableParts {

    /** Tables below this size are read whole: 8 MiB of pages. */
    static final long MIN_PAGES_TO_SPLIT = 1024;
    /** Ranges of at most 64 MiB, so that readers finish together and no reader holds a file long. */
    static final long MAX_RANGE_PAGES = 8192;

    private static final int TID_RANGE_SCANS_FROM = 140000;

    private TableParts() {}

    /** Every table whole, in backup order: for one reader. */
    static List<TablePart> whole(List<TableSchema> tables) {
        return whole(tables, t -> null);
    }

    /** Every table whole, or the rows of it for which {@code conditions} holds (null: every row), in backup order. */
    static List<TablePart> whole(List<TableSchema> tables, Function<TableSchema, String> conditions) {
        List<TablePart> parts = new ArrayList<>(tables.size());
        for (int i = 0; i < tables.size(); i++) {
            parts.add(TablePart.whole(i, tables.get(i), conditions.apply(tables.get(i))));
        }
        return parts;
    }

    /**
     * The parts for {@code readers} readers, in backup order; measured through {@code connection}.
     *
     * @param minPagesToSplit tables from this many pages are read in ranges ({@link #MIN_PAGES_TO_SPLIT})
     */
    static List<TablePart> plan(Connection connection, List<TableSchema> tables, int readers, long minPagesToSplit)
            throws SQLException {
        if (readers <= 1 || serverVersion(connection) < TID_RANGE_SCANS_FROM) {
            return whole(tables);
        }
        List<TablePart> parts = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            TableSchema table = tables.get(i);
            long pages = pages(connection, table);
            if (pages < minPagesToSplit) {
                parts.add(TablePart.whole(i, table, null));
                continue;
            }
            // two ranges per reader at least, so that a large table alone still keeps every reader busy
            long rangePages =
                    Math.max(Math.max(1, minPagesToSplit / 2), Math.min(MAX_RANGE_PAGES, ceilDiv(pages, 2L * readers)));
            for (long first = 0; first < pages; first += rangePages) {
                boolean last = first + rangePages >= pages;
                parts.add(new TablePart(i, table, first, last ? -1 : first + rangePages, null));
            }
        }
        return parts;
    }

    private static long pages(Connection connection, TableSchema table) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT pg_relation_size(?::oid) / current_setting('block_size')::bigint")) {
            st.setLong(1, table.oid());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int serverVersion(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT current_setting('server_version_num')::int");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
