package dev.accountbackup.testing;

import dev.accountbackup.engine.db.DatabaseTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schema whose accounts reach several levels deep: users (with a self-reference, invited_by),
 * profiles (one per user), identities (a composite key), sessions (under identities, a composite
 * foreign key), user_roles (many-to-many between users and the lookup table roles), and audit_log,
 * which belongs to no account.
 */
public final class AccountGraphSchema {

    /** Every table, in an order a backup may list them. */
    public static final List<String> TABLES = List.of(
            "public.sessions",
            "public.roles",
            "public.user_roles",
            "public.identities",
            "public.profiles",
            "public.users",
            "public.audit_log");

    /** Per table: the row's key, and the account it belongs to (null for none). */
    private static final Map<String, String[]> KEY_AND_ACCOUNT = new LinkedHashMap<>();

    static {
        KEY_AND_ACCOUNT.put("public.users", new String[] {"t.id", "t.id"});
        KEY_AND_ACCOUNT.put("public.profiles", new String[] {"t.user_id", "t.user_id"});
        KEY_AND_ACCOUNT.put("public.identities", new String[] {"t.provider || '/' || t.uid", "t.user_id"});
        KEY_AND_ACCOUNT.put("public.sessions", new String[] {
            "t.provider || '/' || t.uid || '/' || t.n",
            "(SELECT i.user_id FROM public.identities i WHERE i.provider = t.provider AND i.uid = t.uid)"
        });
        KEY_AND_ACCOUNT.put("public.user_roles", new String[] {"t.user_id || '/' || t.role_id", "t.user_id"});
        KEY_AND_ACCOUNT.put("public.roles", new String[] {"t.id", "NULL"});
        KEY_AND_ACCOUNT.put("public.audit_log", new String[] {"t.id", "NULL"});
    }

    private AccountGraphSchema() {}

    /** A new database with five accounts; account 2 has rows at every level. */
    public static DatabaseTarget create() {
        DatabaseTarget db = TestPostgres.newDatabase();
        TestPostgres.execute(db, """
                CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, name text,
                  invited_by bigint REFERENCES users (id) ON DELETE SET NULL);
                CREATE TABLE profiles (user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE, bio text);
                CREATE TABLE identities (provider text, uid text, user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                  PRIMARY KEY (provider, uid));
                CREATE TABLE sessions (provider text, uid text, n int, started text,
                  PRIMARY KEY (provider, uid, n),
                  FOREIGN KEY (provider, uid) REFERENCES identities (provider, uid) ON DELETE CASCADE);
                CREATE TABLE roles (id int PRIMARY KEY, name text NOT NULL);
                CREATE TABLE user_roles (user_id bigint REFERENCES users (id) ON DELETE CASCADE,
                  role_id int REFERENCES roles (id), PRIMARY KEY (user_id, role_id));
                CREATE TABLE audit_log (id serial PRIMARY KEY, note text);

                INSERT INTO users (email, name, invited_by) VALUES
                  ('a@example.org', 'Ann', NULL), ('b@example.org', 'Bob', 1), ('c@example.org', 'Cem', 2),
                  ('d@example.org', 'Dee', NULL), ('e@example.org', 'Eve', 4);
                INSERT INTO profiles VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four');
                INSERT INTO identities VALUES ('google', 'g1', 1), ('google', 'g2', 2), ('github', 'g2', 3),
                  ('github', 'h2', 2), ('github', 'g4', 4);
                INSERT INTO sessions VALUES ('google', 'g2', 1, 'mon'), ('google', 'g2', 2, 'tue'),
                  ('github', 'h2', 1, 'wed'), ('github', 'g2', 1, 'thu'), ('google', 'g1', 1, 'fri');
                INSERT INTO roles VALUES (10, 'admin'), (11, 'reader'), (12, 'writer');
                INSERT INTO user_roles VALUES (1, 10), (2, 10), (2, 11), (3, 11), (5, 12);
                INSERT INTO audit_log (note) VALUES ('created'), ('migrated');
                """);
        return db;
    }

    /**
     * Every row of every table, as {@code "<account> <row>"} keyed by the row's key, so that
     * whole contents compare and the rows of one account can be picked out.
     */
    public static Map<String, Map<String, String>> contents(DatabaseTarget db) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        KEY_AND_ACCOUNT.forEach((table, exprs) -> all.put(
                table,
                TestPostgres.contents(
                        db, table, exprs[0], "coalesce((" + exprs[1] + ")::text, '-') || ' ' || t::text")));
        return all;
    }

    /** {@code now}, with the rows of {@code account} as they were in {@code then}: what restoring only that account gives. */
    public static Map<String, Map<String, String>> withAccountAsIn(
            Map<String, Map<String, String>> now, Map<String, Map<String, String>> then, String account) {
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        now.forEach((table, rows) -> {
            Map<String, String> merged = new LinkedHashMap<>();
            rows.forEach((key, row) -> {
                if (!row.startsWith(account + " ")) {
                    merged.put(key, row);
                }
            });
            then.get(table).forEach((key, row) -> {
                if (row.startsWith(account + " ")) {
                    merged.put(key, row);
                }
            });
            expected.put(table, merged);
        });
        return expected;
    }
}
