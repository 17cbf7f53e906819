-- Migration 7 (PostgreSQL only; ../007_rls.sql is its empty SQLite counterpart): tenant isolation
-- a second time, in the database.  store.c refuses a call that names an organisation outside the
-- request's scope; here row-level security hides every other organisation's rows as well, so a
-- check missed there, or a statement missing its "WHERE oid = $1", still returns nothing of them.
--
-- The scope is the setting skjold.org, which the store sets per transaction (set_config(…, true))
-- from the request's scope before its statements run (src/store/pg.c):
--   '*'                every organisation (the CLI, the server's own bookkeeping, the forum's
--                      reads across members, migrations, the dump and the audit chain's check);
--   '{"a","b"}'        the organisations a and b (an array literal: a user may be a member of
--                      several); a bare 'a' is read as the one organisation a (for psql);
--   unset or ''        none: a forgotten scope shows nothing, not everything.
--
-- The application runs as skjold_app (NOLOGIN, no BYPASSRLS: subject to the policies), which the
-- store switches to with SET ROLE right after the migrations; superusers and BYPASSRLS roles pass
-- every policy, so the connecting role must be a member of skjold_app (a superuser is).  FORCE
-- makes the tables' owner subject too.  Roles are the cluster's, not the database's: the role is
-- made only where it does not exist yet.
--
-- Which tables: every table of an organisation's own data (keyed by org.oid or named by org.id),
-- the memberships and API tokens of an organisation, and the audit log (read: only the scope's
-- entries; appended: by anyone, the chain spans every organisation).  Not: users and sessions
-- (global, no organisation; store.c gives them only to an unscoped caller), the forum's tables
-- (read across members by design; forum.c decides who sees what by TLP), and the derived
-- bookkeeping (audit_head, org_generation: a counter, written by the audit trigger for the
-- organisation an entry names, whoever writes it; schema_version).

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'skjold_app') THEN
		BEGIN
			CREATE ROLE skjold_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
		EXCEPTION WHEN duplicate_object OR unique_violation THEN
			NULL; -- another database of the cluster made it at the same moment
		END;
	END IF;
	-- the role that migrates (and connects) may switch to it; a superuser may anyway
	IF NOT pg_has_role(current_user, 'skjold_app', 'MEMBER') THEN
		BEGIN
			EXECUTE format('GRANT skjold_app TO %I', current_user);
		EXCEPTION WHEN insufficient_privilege THEN
			NULL; -- the store's SET ROLE says so at open: the administrator grants it
		END;
	END IF;
	EXECUTE format('GRANT USAGE ON SCHEMA %I TO skjold_app', current_schema());
	EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO skjold_app', current_schema());
	EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO skjold_app', current_schema());
	-- what later migrations make in this schema (the same role makes them) is skjold_app's too
	EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO skjold_app',
		current_schema());
	EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO skjold_app',
		current_schema());
END $$;

-- Whether the scope is every organisation.
CREATE FUNCTION skjold_scope_all() RETURNS boolean LANGUAGE sql STABLE AS $f$
	SELECT coalesce(current_setting('skjold.org', true) = '*', false)
$f$;

-- The organisations of the scope by id: none when unset or '' (and for '*': see skjold_scope_all).
CREATE FUNCTION skjold_scope_orgs() RETURNS text[] LANGUAGE sql STABLE AS $f$
	SELECT CASE
		WHEN s IS NULL OR s = '' OR s = '*' THEN '{}'::text[]
		WHEN left(s, 1) = '{' THEN s::text[]
		ELSE ARRAY[s]
	END
	FROM current_setting('skjold.org', true) AS s
$f$;

-- The policies read the scope once per statement ("(SELECT …)": an init plan), not once per row.
-- A table keyed by the organisation's oid follows org's own policy through the sub-select.

ALTER TABLE org ENABLE ROW LEVEL SECURITY;
ALTER TABLE org FORCE ROW LEVEL SECURITY;
CREATE POLICY org_scope ON org
	USING ((SELECT skjold_scope_all()) OR id = ANY ((SELECT skjold_scope_orgs())::text[]));

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['org_table', 'risk_matrix', 'node', 'edge', 'threat', 'risk', 'measure',
		'change', 'incident', 'incident_node', 'submission', 'incident_event'] LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON %I USING ((SELECT skjold_scope_all()) OR oid IN (SELECT o.oid FROM org o))',
			t || '_scope', t);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['membership', 'api_token', 'audit'] LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON %I USING ((SELECT skjold_scope_all()) OR org = ANY ((SELECT skjold_scope_orgs())::text[]))',
			t || '_scope', t);
	END LOOP;
END $$;

-- Any writer appends to the audit log (an entry may name an organisation outside the writer's
-- scope: a forum's secretariat inviting a member); reading stays the scope's.  UPDATE and DELETE
-- still meet the triggers of migration 1 on the rows the scope sees.
CREATE POLICY audit_append ON audit FOR INSERT WITH CHECK (true);
