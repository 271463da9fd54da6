package dev.accountbackup.engine.restore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order tables are written in: tables referenced by foreign keys before the tables that
 * reference them, so that each insert finds its parent rows. Every table's missing rows are
 * inserted before any existing row is overwritten, so an overwritten row may point to a row brought
 * back in its own table (a self-reference) or later in a cycle. Tables in a cycle keep the backup's
 * order; the restore then defers deferrable constraints to the commit, for inserted rows that point
 * to each other.
 *
 * @param tables parents first; deletes run in the reverse order
 * @param cyclic some foreign keys form a cycle among the restored tables
 */
record ApplyOrder(List<TablePlan> tables, boolean cyclic) {

    static ApplyOrder of(List<TablePlan> plans) {
        Set<Long> restored = new HashSet<>();
        for (TablePlan p : plans) {
            restored.add(p.target().oid());
        }
        List<TablePlan> remaining = new ArrayList<>(plans);
        List<TablePlan> ordered = new ArrayList<>();
        Set<Long> placed = new HashSet<>();
        boolean cyclic = false;
        while (!remaining.isEmpty()) {
            TablePlan next = null;
            for (TablePlan p : remaining) {
                if (p.target().referencedTables().stream()
                        .allMatch(ref -> ref == p.target().oid() || !restored.contains(ref) || placed.contains(ref))) {
                    next = p;
                    break;
                }
            }
            if (next == null) {
                cyclic = true;
                next = remaining.get(0);
            }
            remaining.remove(next);
            ordered.add(next);
            placed.add(next.target().oid());
        }
        return new ApplyOrder(List.copyOf(ordered), cyclic);
    }
}
