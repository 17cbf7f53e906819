-- Migration 14 (PostgreSQL only; ../014_gen_notify.sql is its empty SQLite counterpart): the
-- generations a server keeps in memory, announced at every commit that moves them.
--
-- Why: a cached answer needs the caller (session or token, user, roles) and its organisations'
-- write generations.  Read from the database on every request, that is a round trip a request,
-- and on two cores the round trip's two context switches cost more than everything else a cached
-- answer does (docs/benchmarks.md, 2026-12-07).  Instead each `skjold serve` keeps a watch
-- connection (pgwatch.c) that LISTENs on the channel skjold_gen:
--
--   'g GEN ORG'  org_generation's row of ORG is now GEN (every audited write of the organisation);
--   'a GEN'      auth_generation is now GEN: a session ended or changed, a token was revoked or
--                removed, a user's name, home organisation, rights, second factor or state
--                changed, or a role was given, changed or taken (not a session's idle clock);
--   'b PID SEQ'  a writer's barrier (pg.c): every watch answers on skjold_ack with
--                'PID SEQ WATCHPID' once it has applied everything queued before it.
--
-- A notification is sent at the commit of the transaction that made it, in commit order, and not
-- at all when that transaction rolls back, so a watch's figures move exactly as the committed
-- rows do.  After each write the writer sends a barrier and waits (a bounded time) for every watch
-- connected at that moment to answer: when a write's answer reaches its client, every server has
-- the new generations, so a read through any server sees the write.
--
-- auth_generation moves at most once a transaction (the setting skjold.auth_bumped, as migration
-- 9's skjold.gen_bumped), so a transaction that changes many users leaves one row version.

CREATE TABLE auth_generation (
	one integer PRIMARY KEY CHECK (one = 1),
	gen bigint NOT NULL
);
INSERT INTO auth_generation(one, gen) VALUES (1, 1);
GRANT SELECT, UPDATE ON auth_generation TO skjold_app;

CREATE FUNCTION org_generation_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('skjold_gen', 'g ' || NEW.gen || ' ' || NEW.org);
	RETURN NULL;
END $$;
CREATE TRIGGER org_generation_notify AFTER INSERT OR UPDATE ON org_generation FOR EACH ROW
EXECUTE FUNCTION org_generation_notify();

CREATE FUNCTION auth_bumps_generation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	g bigint;
BEGIN
	IF coalesce(current_setting('skjold.auth_bumped', true), '') = '1' THEN
		RETURN NULL;
	END IF;
	UPDATE auth_generation SET gen = gen + 1 WHERE one = 1 RETURNING gen INTO g;
	PERFORM pg_notify('skjold_gen', 'a ' || g);
	PERFORM set_config('skjold.auth_bumped', '1', true);
	RETURN NULL;
END $$;

-- a session's end, or any change but its idle clock (session_touch writes last_seen_ms alone)
CREATE TRIGGER session_auth_generation AFTER DELETE ON session FOR EACH ROW
EXECUTE FUNCTION auth_bumps_generation();
CREATE TRIGGER session_auth_generation_update AFTER UPDATE ON session FOR EACH ROW
WHEN ((OLD.hash, OLD.uid, OLD.csrf, OLD.created_ms, OLD.expires_ms)
	IS DISTINCT FROM (NEW.hash, NEW.uid, NEW.csrf, NEW.created_ms, NEW.expires_ms))
EXECUTE FUNCTION auth_bumps_generation();
-- a token revoked, removed or changed (a new one is read when first used)
CREATE TRIGGER api_token_auth_generation AFTER UPDATE OR DELETE ON api_token FOR EACH ROW
EXECUTE FUNCTION auth_bumps_generation();
-- what a caller carries of its user (not the login counters, the password or the TOTP step)
CREATE TRIGGER app_user_auth_generation AFTER DELETE ON app_user FOR EACH ROW
EXECUTE FUNCTION auth_bumps_generation();
CREATE TRIGGER app_user_auth_generation_update AFTER UPDATE ON app_user FOR EACH ROW
WHEN ((OLD.name, OLD.display_name, OLD.home_org, OLD.admin, OLD.totp_enabled, OLD.must_change_pw, OLD.disabled)
	IS DISTINCT FROM (NEW.name, NEW.display_name, NEW.home_org, NEW.admin, NEW.totp_enabled, NEW.must_change_pw,
			  NEW.disabled))
EXECUTE FUNCTION auth_bumps_generation();
-- every role given, changed or taken
CREATE TRIGGER membership_auth_generation AFTER INSERT OR UPDATE OR DELETE ON membership FOR EACH ROW
EXECUTE FUNCTION auth_bumps_generation();
