package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.db.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps autovacuum off the tables of a parallel load ({@link ParallelReplace}) until the load is done. Each table is
 * loaded and indexed in transactions of their own, so between them autovacuum may start on a freshly filled table: it
 * then scans it for seconds on the machine the load needs, and an index build or key that asks for the table waits a
 * whole {@code deadlock_timeout} before autovacuum is cancelled. Only tables the restoring role owns (the setting is
 * the owner's) and whose autovacuum is on are paused; each gets back exactly the setting it had.
 */
final class AutovacuumPause {

    /** Each table's oid, whether the role may change its settings, and its own autovacuum_enabled, as written and as a boolean. */
    private static final String SETTINGS = """
            SELECT c.oid, pg_has_role(c.relowner, 'USAGE'), o.option_value, o.option_value::boolean
            FROM pg_class c
            LEFT JOIN LATERAL (SELECT option_value FROM pg_options_to_table(c.reloptions)
                               WHERE option_name = 'autovacuum_enabled') o ON true
            WHERE c.oid = ANY (?)""";

    /** How PostgreSQL spells booleans: a setting written so is given back as it was written. */
    private static final Pattern BOOLEAN_WORD = Pattern.compile("[A-Za-z0-9]{1,8}");

    private final List<String> pause;
    private final List<String> resume;

    private AutovacuumPause(List<String> pause, List<String> resume) {
        this.pause = List.copyOf(pause);
        this.resume = List.copyOf(resume);
    }

    /** What pausing autovacuum on {@code plans} takes, and what gives each table its setting back. */
    static AutovacuumPause of(Connection connection, List<TablePlan> plans) throws SQLException {
        Map<Long, TablePlan> byOid = CatalogQuery.byOid(plans);
        List<String> pause = new ArrayList<>();
        List<String> resume = new ArrayList<>();
        for (Setting table : CatalogQuery.rows(
                connection,
                SETTINGS,
                byOid.keySet(),
                rs -> new Setting(rs.getLong(1), rs.getBoolean(2), rs.getString(3), (Boolean) rs.getObject(4)))) {
            if (!table.owned() || Boolean.FALSE.equals(table.enabled())) {
                continue; // not the role's to change, or autovacuum is off already
            }
            String name = byOid.get(table.oid()).target().quotedName();
            pause.add("ALTER TABLE " + name + " SET (autovacuum_enabled = false)");
            resume.add("ALTER TABLE " + name + table.restoring());
        }
        return new AutovacuumPause(pause, resume);
    }

    /** Turns autovacuum off, in the caller's transaction. */
    void pause(Connection connection) throws SQLException {
        execute(connection, pause);
    }

    /** Gives each table its own setting back, in the caller's transaction. */
    void resume(Connection connection) throws SQLException {
        execute(connection, resume);
    }

    /** The statements of {@link #resume}, for the record of the way back. */
    List<String> resumeStatements() {
        return resume;
    }

    /** One table's own autovacuum setting: none, or a true value written some way. */
    private record Setting(long oid, boolean owned, String written, Boolean enabled) {

        /** The clause that gives the table this setting back. */
        String restoring() {
            if (written == null) {
                return " RESET (autovacuum_enabled)";
            }
            return " SET (autovacuum_enabled = "
                    + (BOOLEAN_WORD.matcher(written).matches() ? "'" + written + "'" : "true") + ")";
        }
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        for (String sql : statements) {
            Connections.execute(connection, sql);
        }
    }
}
