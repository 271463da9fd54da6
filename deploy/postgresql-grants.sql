-- Least-privilege PostgreSQL roles for account-backup-operator, for the sample schema (database shop,
-- schema public, tables users, user_identities, user_profiles): replace the names with your own.
-- Run as the tables' owner or a superuser. LeastPrivilegeTest runs the demo scenario under roles that
-- have exactly these grants (and the PUBLIC defaults revoked), so every line below is needed and enough.
-- Give the roles their passwords yourself (ALTER ROLE ... PASSWORD), never in a file.

-- section: export
CREATE ROLE account_backup LOGIN;
GRANT CONNECT ON DATABASE shop TO account_backup;
GRANT USAGE ON SCHEMA public TO account_backup;
GRANT SELECT ON public.users, public.user_identities, public.user_profiles TO account_backup;

-- section: restore InsertMissing
-- TEMPORARY: the backup's rows are staged in temporary tables. UPDATE, even for InsertMissing: PostgreSQL lets
-- only a role with UPDATE, DELETE or TRUNCATE (or MAINTAIN, from PostgreSQL 17) take the SHARE ROW EXCLUSIVE lock
-- that keeps other writers out during the restore. Sequences: SELECT to read them, UPDATE for setval.
CREATE ROLE account_restore LOGIN;
GRANT CONNECT, TEMPORARY ON DATABASE shop TO account_restore;
GRANT USAGE ON SCHEMA public TO account_restore;
GRANT SELECT, INSERT, UPDATE ON public.users, public.user_identities, public.user_profiles TO account_restore;
GRANT SELECT, UPDATE ON SEQUENCE public.users_id_seq, public.user_identities_id_seq TO account_restore;

-- section: restore Upsert (adds to InsertMissing)
-- nothing more: UPDATE is already granted above

-- section: restore Replace (adds to Upsert)
GRANT DELETE ON public.users, public.user_identities, public.user_profiles TO account_restore;
