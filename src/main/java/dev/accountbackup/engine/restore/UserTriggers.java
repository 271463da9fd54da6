package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.catalog.Identifiers;
import dev.accountbackup.engine.db.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's own triggers on the target tables (never the ones PostgreSQL keeps for foreign
 * keys). They fire for restored rows as for any other, and may change them (an {@code updated_at}
 * set to now) or write elsewhere (an audit table). A restore either warns about them or, when asked,
 * disables them while rows change and enables them again, each as it was, before the commit:
 * other sessions never see them disabled.
 */
final class UserTriggers {

    /** Triggers that fire in an ordinary session: enabled (O) or enabled always (A). */
    private static final String FIRING = """
            SELECT t.tgrelid, t.tgname, t.tgenabled FROM pg_trigger t
            WHERE t.tgrelid = ANY (?::oid[]) AND NOT t.tgisinternal AND t.tgenabled IN ('O', 'A')
            ORDER BY t.tgrelid, t.tgname""";

    private record Trigger(TablePlan table, String name, boolean always) {}

    private final Connection connection;
    private final List<Trigger> triggers;
    private final Duration lockTimeout;

    private UserTriggers(Connection connection, List<Trigger> triggers, Duration lockTimeout) {
        this.connection = connection;
        this.triggers = triggers;
        this.lockTimeout = lockTimeout;
    }

    static UserTriggers of(Connection connection, List<TablePlan> tables, Duration lockTimeout) throws SQLException {
        Map<Long, TablePlan> byOid = CatalogQuery.byOid(tables);
        List<Trigger> triggers = CatalogQuery.rows(
                connection,
                FIRING,
                byOid.keySet(),
                rs -> new Trigger(byOid.get(rs.getLong(1)), rs.getString(2), "A".equals(rs.getString(3))));
        return new UserTriggers(connection, triggers, lockTimeout);
    }

    /** One warning per table with triggers that fire for its restored rows. */
    List<String> warnings() {
        Map<String, List<String>> byTable = new LinkedHashMap<>();
        for (Trigger t : triggers) {
            byTable.computeIfAbsent(t.table().displayName(), k -> new ArrayList<>())
                    .add(t.name());
        }
        List<String> warnings = new ArrayList<>();
        byTable.forEach(
                (table, names) -> warnings.add(
                        "triggers of " + table + " (" + String.join(", ", names) + ") fire for the restored rows"
                                + " and may change them or write to other tables; disableTriggers restores the backup's values as they are"));
        return warnings;
    }

    /** Turns the triggers off for the rest of this transaction (the restoring role must own the tables). */
    void disable() {
        for (Trigger t : triggers) {
            alter(t, "DISABLE TRIGGER ");
        }
    }

    /** Turns each trigger back on as it was. */
    void enable() {
        for (Trigger t : triggers) {
            alter(t, t.always() ? "ENABLE ALWAYS TRIGGER " : "ENABLE TRIGGER ");
        }
    }

    private void alter(Trigger t, String action) {
        try {
            Connections.execute(
                    connection,
                    "ALTER TABLE " + t.table().target().quotedName() + " " + action + Identifiers.quote(t.name()));
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw BackupException.invalid("restoring table " + t.table().displayName()
                        + " failed: disableTriggers needs the database user to own"
                        + " the table (or be a member of its owner role). Nothing was changed");
            }
            throw RestoreErrors.translate(e, t.table(), lockTimeout);
        }
    }
}
