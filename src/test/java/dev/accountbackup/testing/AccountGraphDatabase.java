package dev.accountbackup.testing;

import dev.accountbackup.engine.db.DatabaseTarget;

/**
 * A database whose accounts have several levels of children, composite keys, a self-reference and
 * a many-to-many table: users (invited by other users), their identities (keyed by provider and
 * uid), the sessions of each identity, roles through user_roles, and one profile each. Roles are
 * a lookup table, not part of any account.
 */
public final class AccountGraphDatabase {

    /** The tables of the graph, for exports. */
    public static final String TABLES = "users,identities,sessions,roles,user_roles,profiles";

    /** A migration that damages some accounts of a database of 30 or more: deletes one, changes columns and rows of others, adds one. */
    public static final String MIGRATION = """
            UPDATE users SET invited_by = NULL WHERE invited_by = 4;
            DELETE FROM sessions WHERE (provider, uid) IN (SELECT provider, uid FROM identities WHERE user_id = 4);
            DELETE FROM identities WHERE user_id = 4;
            DELETE FROM user_roles WHERE user_id = 4;
            DELETE FROM profiles WHERE user_id = 4;
            DELETE FROM users WHERE id = 4;
            UPDATE profiles SET bio = 'migrated' WHERE user_id IN (7, 8);
            UPDATE users SET name = upper(name) WHERE id = 9;
            DELETE FROM user_roles WHERE user_id = 12 AND role_id = 2;
            INSERT INTO identities VALUES ('github', 'u11', 11);
            INSERT INTO users (id, email, name) VALUES (31, 'new@example.org', 'New');
            INSERT INTO profiles (user_id, bio) VALUES (31, 'hello');
            """;

    private AccountGraphDatabase() {}

    /** A new database with accounts 1..{@code users}. */
    public static DatabaseTarget create(int users) {
        DatabaseTarget db = TestPostgres.newDatabase();
        TestPostgres.execute(db, """
                CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text,
                  active boolean NOT NULL DEFAULT true, invited_by bigint REFERENCES users (id));
                CREATE TABLE identities (provider text, uid text, user_id bigint NOT NULL REFERENCES users (id),
                  PRIMARY KEY (provider, uid));
                CREATE TABLE sessions (provider text, uid text, n int, ip inet, started_at timestamptz NOT NULL,
                  PRIMARY KEY (provider, uid, n), FOREIGN KEY (provider, uid) REFERENCES identities (provider, uid));
                CREATE TABLE roles (id int PRIMARY KEY, name text NOT NULL);
                CREATE TABLE user_roles (user_id bigint REFERENCES users (id), role_id int REFERENCES roles (id),
                  PRIMARY KEY (user_id, role_id));
                CREATE TABLE profiles (user_id bigint PRIMARY KEY REFERENCES users (id), bio text, score numeric(6,2),
                  settings jsonb);
                INSERT INTO roles VALUES (1, 'member'), (2, 'admin');
                """);
        TestPostgres.execute(db, """
                INSERT INTO users SELECT i, 'user' || i || '@example.org', 'User ' || i, i %% 7 <> 0,
                  CASE WHEN i > 1 THEN i - 1 END FROM generate_series(1, %1$d) i;
                INSERT INTO identities SELECT 'email', 'u' || i, i FROM generate_series(1, %1$d) i;
                INSERT INTO identities SELECT 'github', 'u' || i, i FROM generate_series(1, %1$d) i WHERE i %% 2 = 0;
                INSERT INTO sessions SELECT provider, uid, n, '10.0.0.1', timestamptz '2026-11-01 10:00+00' + n * interval '1 hour'
                  FROM identities, generate_series(1, 2) n;
                INSERT INTO user_roles SELECT i, 1 FROM generate_series(1, %1$d) i;
                INSERT INTO user_roles SELECT i, 2 FROM generate_series(1, %1$d) i WHERE i %% 3 = 0;
                INSERT INTO profiles SELECT i, 'Bio of ' || i || E' with \\t tab', i * 1.25,
                  jsonb_build_object('theme', 'dark', 'n', i) FROM generate_series(1, %1$d) i;
                """.formatted(users));
        return db;
    }

    public static String url(DatabaseTarget db) {
        return "postgresql://postgres@127.0.0.1:" + db.port() + "/" + db.database();
    }
}
