package dev.accountbackup.engine.export;

import dev.accountbackup.engine.catalog.TableSchema;

/**
 * A piece of an export's reading: a whole table, or the rows stored in a range of its pages
 * (from page {@code firstPage}, up to but not including {@code endPage}; -1 for no end).
 *
 * @param tableIndex the table's place in the backup, which names its file
 * @param condition  only the rows of the table (as {@code t}) for which this holds; null for every row
 */
record TablePart(int tableIndex, TableSchema table, long firstPage, long endPage, String condition) {

    static TablePart whole(int tableIndex, TableSchema table, String condition) {
        return new TablePart(tableIndex, table, 0, -1, condition);
    }

    /**
     * The rows of this part, for COPY: numbers only are pasted into the SQL, never a name that is not quoted (a
     * condition is built by the engine from quoted names, never from input).
     */
    String selectSql() {
        String columns = String.join(
                ", ", table.columns().stream().map(c -> c.quotedName()).toList());
        String select = "SELECT " + columns + " FROM " + table.quotedName() + " t";
        if (condition != null) {
            return select + " WHERE " + condition;
        }
        if (firstPage == 0 && endPage < 0) {
            return select;
        }
        String from = "ctid >= '(" + firstPage + ",0)'::tid";
        return select + " WHERE " + from + (endPage < 0 ? "" : " AND ctid < '(" + endPage + ",0)'::tid");
    }
}
